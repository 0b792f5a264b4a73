// Entry point bundled by web/build.mjs (esbuild) into vendor/graphiql/graphiql.js and
// vendor/graphiql/graphiql.css: GraphiQL 3 with @graphiql/react and @graphiql/toolkit,
// GraphQL.js, graphql-ws (subscriptions) and React 18, as one minified production build.
// GraphiQL's web fonts are left out (the page uses system fonts). Exposes
// `window.PodgraphGraphiQL` for web/static/playground.js.
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { useEditorContext, usePluginContext } from '@graphiql/react';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import '@graphiql/react/dist/style.css';
import 'graphiql/src/style.css';

window.PodgraphGraphiQL = { React, createRoot, GraphiQL, createGraphiQLFetcher, useEditorContext, usePluginContext };

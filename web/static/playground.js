// The GraphiQL playground: GraphiQL (vendor/graphiql, served from the binary) against this
// server's /graphql, queries over HTTP and subscriptions over WebSocket (graphql-transport-ws).
// Every example of examples/queries/ is a preloaded tab (the first visit; later visits keep the
// tabs GraphiQL saved in localStorage) and is one click away in the "Examples" side panel.
(function () {
  'use strict';
  const { React, createRoot, GraphiQL, createGraphiQLFetcher, useEditorContext } = window.PodgraphGraphiQL;
  const h = React.createElement;
  const examples = JSON.parse(document.getElementById('podgraph-examples').textContent);

  // "01-picks-on-a-show-in-a-year.graphql" -> "PicksOnAShowInAYear"
  function operationName(file) {
    return file
      .replace(/\.graphql$/, '')
      .replace(/^\d+-/, '')
      .split('-')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join('');
  }

  // The example's text with its anonymous operation named after the file, so that its tab
  // has a title ("{" on the first line after the comments becomes "query Name {").
  function named(example) {
    const lines = example.query.split('\n');
    const i = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    if (i >= 0 && lines[i].trim().startsWith('{')) {
      lines[i] = lines[i].replace('{', 'query ' + operationName(example.name) + ' {');
    }
    return lines.join('\n');
  }

  function ExamplesPanel() {
    const editor = useEditorContext({ nonNull: true });
    const open = (example) => {
      const text = named(example);
      const index = editor.tabs.findIndex((t) => t.query === text);
      if (index >= 0) {
        editor.changeTab(index);
        return;
      }
      const queryEditor = editor.queryEditor;
      editor.addTab();
      setTimeout(() => queryEditor && queryEditor.setValue(text), 0);
    };
    return h(
      'section',
      { className: 'pg-examples', 'aria-labelledby': 'pg-examples-title' },
      h('h2', { id: 'pg-examples-title' }, 'Example queries'),
      h(
        'ol',
        null,
        examples.map((example) =>
          h(
            'li',
            { key: example.name },
            h(
              'button',
              { type: 'button', onClick: () => open(example), 'data-example': example.name },
              example.title,
              h('span', { className: 'pg-file' }, 'examples/queries/' + example.name),
            ),
          ),
        ),
      ),
    );
  }

  function ExamplesIcon() {
    return h(
      'svg',
      { viewBox: '0 0 24 24', width: '1em', height: '1em', fill: 'none', stroke: 'currentColor', strokeWidth: 1.5, 'aria-hidden': 'true' },
      h('path', { d: 'M4 5h16M4 12h16M4 19h10', strokeLinecap: 'round' }),
    );
  }

  const examplesPlugin = { title: 'Examples', icon: ExamplesIcon, content: ExamplesPanel };
  const wsScheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  const fetcher = createGraphiQLFetcher({
    url: '/graphql',
    subscriptionUrl: wsScheme + location.host + '/graphql',
  });

  const container = document.getElementById('graphiql');
  container.textContent = '';
  createRoot(container).render(
    h(GraphiQL, {
      fetcher,
      defaultTabs: examples.map((e) => ({ query: named(e) })),
      plugins: [examplesPlugin],
      visiblePlugin: examplesPlugin,
      defaultEditorToolsVisibility: false,
      shouldPersistHeaders: false,
    }),
  );
})();

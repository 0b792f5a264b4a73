//! Reading a data folder: the page files (`<show>/<page>.md`, any depth) and the site's
//! `_data/` metadata (podcasts, hosts) and per-folder Eleventy defaults.
//!
//! The only module that touches the filesystem. It never writes.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;

use crate::model::{HostInfo, ShowInfo, SiteData};

/// Errors that stop a load: the folder itself is unusable. Problems with single
/// files are not errors (see [`Corpus::unreadable`]).
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("data folder {path} does not exist")]
    Missing { path: PathBuf },
    #[error("data path {path} is not a folder")]
    NotADirectory { path: PathBuf },
    #[error("cannot read data folder {path}: {source}")]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// A page file found in the folder, not yet read.
#[derive(Debug, Clone)]
pub struct PageFile {
    /// Path relative to the data folder, `/`-separated, used in every report.
    pub rel: String,
    pub path: PathBuf,
}

/// Eleventy's `<folder>/<folder>.11tydata.json`: defaults for every page of a folder.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FolderDefaults {
    pub layout: Option<String>,
    #[serde(default)]
    pub blog: bool,
}

/// What a data folder holds, listed but not yet read (pages are read in parallel later).
#[derive(Debug, Default)]
pub struct Corpus {
    pub root: PathBuf,
    /// Page files sorted by relative path, so loads are deterministic.
    pub pages: Vec<PageFile>,
    pub site: SiteData,
    /// Folder name → its defaults.
    pub folders: BTreeMap<String, FolderDefaults>,
    /// Entries that could not be listed or read: (relative path, message).
    pub unreadable: Vec<(String, String)>,
}

/// Lists `root` recursively. `_data/` and hidden folders are not pages.
pub fn scan(root: &Path) -> Result<Corpus, CorpusError> {
    let meta = fs::metadata(root).map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            CorpusError::Missing { path: root.to_path_buf() }
        } else {
            CorpusError::Unreadable { path: root.to_path_buf(), source }
        }
    })?;
    if !meta.is_dir() {
        return Err(CorpusError::NotADirectory { path: root.to_path_buf() });
    }
    fs::read_dir(root).map_err(|source| CorpusError::Unreadable { path: root.to_path_buf(), source })?;

    // Folders are listed on every core (a million pages sit in hundreds of show folders).
    let listing = walk(root, root, "");
    let mut corpus = Corpus {
        root: root.to_path_buf(),
        pages: listing.pages,
        folders: listing.folders.into_iter().collect(),
        unreadable: listing.unreadable,
        ..Default::default()
    };
    corpus.pages.par_sort_unstable_by(|a, b| a.rel.cmp(&b.rel));
    corpus.site = read_site_data(&root.join("_data"), &mut corpus.unreadable);
    Ok(corpus)
}

/// What a folder holds, its subfolders included, in the order the OS lists them.
#[derive(Default)]
struct Listing {
    pages: Vec<PageFile>,
    folders: Vec<(String, FolderDefaults)>,
    unreadable: Vec<(String, String)>,
}

/// Lists `dir`, whose path relative to the data folder is `rel` (`""` for the data folder).
fn walk(root: &Path, dir: &Path, rel: &str) -> Listing {
    let mut listing = Listing::default();
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            listing.unreadable.push((rel.to_string(), err.to_string()));
            return listing;
        }
    };
    let mut subfolders = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                listing.unreadable.push((rel.to_string(), err.to_string()));
                continue;
            }
        };
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let Ok(file_type) = entry.file_type() else { continue };
        let rel_of = |name: &str| if rel.is_empty() { name.to_string() } else { format!("{rel}/{name}") };
        // Follow symlinks to files and folders alike.
        let is_dir = file_type.is_dir() || (file_type.is_symlink() && path.is_dir());
        if is_dir {
            if dir == root && name == "_data" {
                continue;
            }
            subfolders.push((rel_of(&name), path));
        } else if name.ends_with(".md") {
            listing.pages.push(PageFile { rel: rel_of(&name), path });
        } else if name.ends_with(".11tydata.json") {
            let folder = dir.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
            match fs::read(&path)
                .map_err(|e| e.to_string())
                .and_then(|bytes| serde_json::from_slice::<FolderDefaults>(&bytes).map_err(|e| e.to_string()))
            {
                Ok(defaults) => listing.folders.push((folder, defaults)),
                Err(err) => listing.unreadable.push((rel_of(&name), err)),
            }
        }
    }
    let nested: Vec<Listing> = subfolders.par_iter().map(|(rel, path)| walk(root, path, rel)).collect();
    for inner in nested {
        listing.pages.extend(inner.pages);
        listing.folders.extend(inner.folders);
        listing.unreadable.extend(inner.unreadable);
    }
    listing
}

#[derive(Deserialize)]
struct RawShow {
    title: Option<String>,
    slug: Option<String>,
}

#[derive(Deserialize)]
struct RawHost {
    name: Option<String>,
    #[serde(default)]
    podcasts: serde_json::Value,
    #[serde(flatten)]
    rest: BTreeMap<String, serde_json::Value>,
}

/// `_data/podcasts/*.json` and `_data/hosts/*.json`. Missing folders are fine (a plain
/// folder of pages has none); broken files are reported and skipped.
fn read_site_data(data: &Path, unreadable: &mut Vec<(String, String)>) -> SiteData {
    let mut site = SiteData::default();
    for (path, raw) in read_json_dir::<RawShow>(&data.join("podcasts"), unreadable) {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let slug = raw.slug.unwrap_or(stem);
        let title = raw.title.unwrap_or_else(|| slug.clone());
        site.shows.push(ShowInfo { slug, title });
    }
    for (_, raw) in read_json_dir::<RawHost>(&data.join("hosts"), unreadable) {
        let Some(name) = raw.name.filter(|n| !n.trim().is_empty()) else { continue };
        let podcasts = match raw.podcasts {
            serde_json::Value::Array(items) => items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
            serde_json::Value::String(s) => vec![s],
            _ => Vec::new(),
        };
        let links = ["twitter", "github", "website", "blog", "linkedin", "facebook", "instagram", "mastodon"]
            .iter()
            .filter_map(|k| raw.rest.get(*k).and_then(|v| v.as_str()))
            .filter(|s| s.starts_with("http"))
            .map(str::to_string)
            .collect();
        site.hosts.push(HostInfo { name: name.trim().to_string(), links, podcasts });
    }
    site.shows.sort_by(|a, b| a.slug.cmp(&b.slug));
    site.hosts.sort_by(|a, b| a.name.cmp(&b.name));
    site
}

fn read_json_dir<T: for<'de> Deserialize<'de>>(
    dir: &Path,
    unreadable: &mut Vec<(String, String)>,
) -> Vec<(PathBuf, T)> {
    let Ok(entries) = fs::read_dir(dir) else { return Vec::new() };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        match fs::read(&path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| serde_json::from_slice::<T>(&bytes).map_err(|e| format!("line {}: {e}", e.line())))
        {
            Ok(value) => out.push((path, value)),
            Err(err) => unreadable.push((path.display().to_string(), err)),
        }
    }
    out
}

/// Opens a page and asks the OS to start reading it in the background.
///
/// A loader worker opens a batch of pages this way before it parses the first one, so the
/// disk reads of the whole batch overlap with parsing instead of stalling the core page by
/// page when the files are not (or no longer) in the page cache.
pub fn open_page(file: &PageFile) -> std::io::Result<fs::File> {
    let opened = fs::File::open(&file.path)?;
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd as _;
        // SAFETY: the descriptor is open for the whole call; the advice only schedules reads
        // into the page cache and touches no memory of ours. It is a hint: errors are ignored.
        unsafe {
            libc::posix_fadvise(opened.as_raw_fd(), 0, 0, libc::POSIX_FADV_WILLNEED);
        }
    }
    Ok(opened)
}

/// Reads an opened page into a caller's buffer, reused from page to page: no allocation
/// (and no fresh pages to fault in) per file, and the text is borrowed from the buffer when
/// it is valid UTF-8 (checked with SIMD), which is almost always. See [`read_page`] for the
/// invalid-UTF-8 line.
pub fn read_opened_into(
    opened: fs::File,
    buf: &mut Vec<u8>,
) -> std::io::Result<(std::borrow::Cow<'_, str>, Option<u32>)> {
    use std::io::Read as _;
    buf.clear();
    // Through `take`, `read_to_end` reads straight into the buffer's spare room; on a bare
    // `File` it first asks for the file's size and position (two more syscalls per page,
    // which the reused buffer does not need).
    opened.take(u64::MAX).read_to_end(buf)?;
    if let Ok(text) = simdutf8::basic::from_utf8(buf) {
        return Ok((std::borrow::Cow::Borrowed(text), None));
    }
    let valid = std::str::from_utf8(buf).err().map_or(buf.len(), |e| e.valid_up_to());
    Ok((String::from_utf8_lossy(buf), Some(line_at(buf, valid))))
}

/// Reads a page as UTF-8. Invalid bytes are replaced, and the 1-based line of the first
/// one is returned so the caller can report it.
pub fn read_page(file: &PageFile) -> std::io::Result<(String, Option<u32>)> {
    let bytes = fs::read(&file.path)?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, None)),
        Err(err) => {
            let line = line_at(err.as_bytes(), err.utf8_error().valid_up_to());
            Ok((String::from_utf8_lossy(err.as_bytes()).into_owned(), Some(line)))
        }
    }
}

/// The 1-based line of byte `offset` (the first invalid one) in a page's bytes.
fn line_at(bytes: &[u8], offset: usize) -> u32 {
    1 + memchr::memchr_iter(b'\n', &bytes[..offset]).count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Nested folders are listed (in parallel) into one sorted list of pages with their
    /// relative paths; `_data/`, hidden entries and other files are not pages; folder
    /// defaults are read and a broken one is reported by its relative path.
    #[test]
    fn scan_lists_nested_pages_sorted_with_folder_defaults() {
        let dir = std::env::temp_dir().join(format!("podgraph-scan-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for (path, text) in [
            ("b-show/b-002.md", "x"),
            ("b-show/b-001.md", "x"),
            ("b-show/b-show.11tydata.json", r#"{"layout": "layouts/post.njk"}"#),
            ("a-show/deeper/a-010.md", "x"),
            ("a-show/a-001.md", "x"),
            ("a-show/notes.txt", "not a page"),
            ("a-show/.hidden.md", "x"),
            ("c-blog/c-blog.11tydata.json", "{ broken"),
            ("c-blog/_data/kept.md", "x"),
            ("_data/podcasts/a-show.json", r#"{"title": "A Show"}"#),
            ("_data/not-a-page.md", "x"),
            (".git/HEAD.md", "x"),
        ] {
            let path = dir.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        let corpus = scan(&dir).unwrap();
        let _ = fs::remove_dir_all(&dir);

        let rels: Vec<&str> = corpus.pages.iter().map(|p| p.rel.as_str()).collect();
        assert_eq!(
            rels,
            ["a-show/a-001.md", "a-show/deeper/a-010.md", "b-show/b-001.md", "b-show/b-002.md", "c-blog/_data/kept.md"]
        );
        assert!(corpus.pages.iter().all(|p| p.path.ends_with(&p.rel)));
        assert_eq!(corpus.folders["b-show"].layout.as_deref(), Some("layouts/post.njk"));
        assert_eq!(corpus.unreadable.len(), 1, "{:?}", corpus.unreadable);
        assert_eq!(corpus.unreadable[0].0, "c-blog/c-blog.11tydata.json");
        assert_eq!(corpus.site.shows[0].title, "A Show");
    }
}

//! Opening and creating the index folder on disk.
//!
//! Both the indexer and the searcher go through here, so an index is always
//! opened with its tokenizers registered and its schema checked, and a
//! missing, foreign or locked index always gives the same clear error.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes, WatchCallback,
    WatchHandle, WritePtr,
};
use tantivy::store::Compressor;
use tantivy::{Index, IndexSettings, TantivyError};
use tantivy_common::file_slice::WrapFile;

use crate::article::Format;
use crate::error::IndexError;
use crate::schema::NewsSchema;

/// The document store is compressed in blocks of this many bytes (tantivy's
/// default), and a hit decompresses its whole block. Smaller blocks were
/// measured and not kept: they raise the peak memory of a million-article
/// build (8 KiB: 416 to 502 MB with LZ4; 4 KiB: 412 to 579 MB with zstd),
/// the store's compression falling behind the writer.
const DOCSTORE_BLOCK_BYTES: usize = 16_384;

/// LZ4, as Lucene's default stored-fields codec. Every `newsidx query` is a
/// fresh process that decompresses one block for each hit it shows: with
/// zstd that was over half of a Reuters query's instructions (3.0 of 5.4
/// million), with LZ4 a quarter of that, for an index about a sixth larger
/// (1,200 to 1,402 MB at a million articles) and the same build time.
const DOCSTORE_COMPRESSOR: Compressor = Compressor::Lz4;

/// Entries looked at, at most, to tell a folder of articles from anything
/// else: an error message is no reason to walk a whole archive.
const ARTICLE_PROBE_ENTRIES: usize = 10_000;

/// Opens an existing index for searching.
pub fn open_for_search(path: &Path) -> Result<(Index, NewsSchema), IndexError> {
    if !path.join(TANTIVY_META).is_file() {
        return Err(no_index_at(path));
    }
    open_existing_for_search(path)
}

/// The index folder as newsidx reads and writes it: tantivy's
/// `MmapDirectory`, with three changes, each for what a fresh process pays
/// to map pages rather than for what it reads.
///
/// - A search reads the document stores with `pread`, a block at a time.
///   A search reads a few dozen stored documents from stores of hundreds
///   of megabytes, each from a block of its own. Mapped, each read faulted
///   in the whole folio of the page cache around its block (a quarter of a
///   megabyte on average, measured on a million-article index), and every
///   page so mapped is unmapped again when the process exits: at a million
///   articles, `newsidx speakers` had 59 MB of its 129 MB mapped from the
///   stores, and its exit alone took 3 ms. A `pread` copies the 16 KB
///   block and maps nothing. Postings, term dictionaries and columns are
///   read where they lie, many times over, and stay mapped. (The indexer
///   maps its stores: merging them reads them whole.)
/// - Every mapping asks for huge pages ([`advise_huge_pages`]). Linux then
///   reads what a fault misses into the page cache in folios of 2 MB, and
///   maps each with one entry; without the advice, a fault reads single
///   pages and maps 16 of them at a time. Mapping and unmapping pages was
///   most of the kernel's share of a million-article `newsidx speakers`,
///   itself near half its time: with the advice, 18.4 ms went to 12.7
///   (BENCHMARKS.md), and a first search after the cache was emptied read
///   its pages in a quarter of the time.
/// - Files are written in chunks of [`WRITE_BUFFER_BYTES`] rather than
///   tantivy's 8 KiB, for the same reason: the page cache keeps what is
///   written in folios the size of the writes, so that a new index is as
///   cheap to map as one read back from disk.
#[derive(Debug, Clone)]
struct IndexDirectory {
    mapped: MmapDirectory,
    root: std::path::PathBuf,
    /// Whether the document stores are read by range (a search).
    stores_by_range: bool,
}

/// Bytes written to a segment file at a time.
const WRITE_BUFFER_BYTES: usize = 256 << 10;

impl IndexDirectory {
    fn open(path: &Path, stores_by_range: bool) -> Result<IndexDirectory, TantivyError> {
        #[cfg(target_os = "linux")]
        let mapped = MmapDirectory::open_with_madvice(path, tantivy::directory::Advice::HugePage)?;
        #[cfg(not(target_os = "linux"))]
        let mapped = MmapDirectory::open(path)?;
        Ok(IndexDirectory {
            mapped,
            root: path.to_path_buf(),
            stores_by_range,
        })
    }
}

/// Asks the kernel to back `map` with huge pages where it can (see
/// [`IndexDirectory`]); elsewhere than Linux, and where the advice is
/// refused, nothing changes.
pub(crate) fn advise_huge_pages(map: &memmap2::Mmap) {
    #[cfg(target_os = "linux")]
    let _ = map.advise(memmap2::Advice::HugePage);
    #[cfg(not(target_os = "linux"))]
    let _ = map;
}

/// A document store file read by range: tantivy-common's `WrapFile`,
/// which refuses an empty range, so that one is answered here.
#[derive(Debug)]
struct StoreFile(tantivy_common::file_slice::WrapFile);

impl tantivy::HasLen for StoreFile {
    fn len(&self) -> usize {
        self.0.len()
    }
}

impl FileHandle for StoreFile {
    fn read_bytes(&self, range: std::ops::Range<usize>) -> std::io::Result<OwnedBytes> {
        if range.is_empty() {
            return Ok(OwnedBytes::empty());
        }
        self.0.read_bytes(range)
    }
}

impl Directory for IndexDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        if self.stores_by_range && path.extension().is_some_and(|e| e == "store") {
            let open = std::fs::File::open(self.root.join(path)).and_then(WrapFile::new);
            return match open {
                Ok(file) => Ok(Arc::new(StoreFile(file))),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    Err(OpenReadError::FileDoesNotExist(path.to_path_buf()))
                }
                Err(e) => Err(OpenReadError::wrap_io_error(e, path.to_path_buf())),
            };
        }
        self.mapped.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.mapped.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.mapped.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        let file = self.mapped.open_write(path)?;
        // tantivy's `ManagedDirectory` takes the writer out of the
        // `BufWriter` given here and buffers it by its own 8 KiB, so the
        // larger buffer goes beneath, as the writer it takes out.
        let chunked = std::io::BufWriter::with_capacity(WRITE_BUFFER_BYTES, file);
        Ok(std::io::BufWriter::new(Box::new(chunked)))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.mapped.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.mapped.atomic_write(path, data)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.mapped.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.mapped.acquire_lock(lock)
    }

    fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.mapped.watch(callback)
    }
}

/// Why `path` holds no index, told by what is there: nothing (or an empty
/// folder), a file, a folder of articles (the corpus given for the index,
/// a common slip), or a folder of something else.
pub fn no_index_at(path: &Path) -> IndexError {
    let path_buf = path.to_path_buf();
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_dir() => IndexError::NotAFolder { path: path_buf },
        Ok(_) if holds_articles(path) => IndexError::HoldsArticles { path: path_buf },
        Ok(_) if has_visible_entries(path) => IndexError::NotAnIndex { path: path_buf },
        _ => IndexError::Missing { path: path_buf },
    }
}

/// tantivy's list of segments: the file every index has.
const TANTIVY_META: &str = "meta.json";

/// Whether a file of a format newsidx reads lies within three levels of
/// `dir` (an archive is often split by year and month), leaving out hidden
/// entries and the JSON files an index keeps at its top.
fn holds_articles(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir)
        .max_depth(3)
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()))
        .take(ARTICLE_PROBE_ENTRIES)
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter(|entry| {
            let own = [
                TANTIVY_META,
                crate::state::SETTINGS_FILE,
                crate::people::ALIASES_FILE,
            ];
            entry.depth() > 1 || !own.iter().any(|name| entry.file_name() == *name)
        })
        .any(|entry| Format::from_path(entry.path()).is_some())
}

/// Whether `dir` holds anything but hidden files (`.gitignore`, tantivy's
/// lock files). An unreadable folder counts as empty; opening it will say
/// why.
fn has_visible_entries(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|entry| !is_kept(&entry.file_name()))
    })
}

/// Files of an index folder that are not the index's to remove: hidden ones
/// (`.gitignore`, tantivy's locks) and the user's corrections to the
/// speaker registry, which may be written before the first index run and
/// outlive every rebuild. The quote index's folder is emptied by its own
/// opener (`indexer::quotes`), as one more index.
fn is_kept(name: &std::ffi::OsStr) -> bool {
    is_hidden(name) || name == crate::people::ALIASES_FILE || name == crate::schema::QUOTES_DIR
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// How an index was opened for writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// An existing index, to update.
    Existing,
    /// A new, empty index.
    Created,
    /// An existing index to rebuild (`--full`): it keeps answering queries
    /// until the rebuild commits, all at once.
    Replacing,
}

/// Opens the index at `path` for writing, creating it (and the folder) when
/// there is none yet. With `full`, an index this version can read is
/// opened to be replaced; one it cannot read (another schema, damaged
/// files) is emptied and created anew, since nothing could query it anyway.
pub fn open_for_writing(path: &Path, full: bool) -> anyhow::Result<(Index, NewsSchema, Opened)> {
    let exists = path.join(TANTIVY_META).is_file();
    if exists {
        match open_existing(path) {
            Ok((mut index, schema)) => {
                // Segments written from now on use today's store settings;
                // older ones stay readable as they were written.
                let settings = index.settings_mut();
                settings.docstore_compression = DOCSTORE_COMPRESSOR;
                settings.docstore_blocksize = DOCSTORE_BLOCK_BYTES;
                let opened = if full {
                    Opened::Replacing
                } else {
                    Opened::Existing
                };
                return Ok((index, schema, opened));
            }
            Err(err) if !full => return Err(err.into()),
            Err(_) => wipe(path)?,
        }
    }
    if path.exists() && !path.is_dir() {
        return Err(IndexError::NotAFolder {
            path: path.to_path_buf(),
        }
        .into());
    }
    if path.exists() {
        std::fs::read_dir(path)
            .with_context(|| format!("cannot read the index folder {}", path.display()))?;
        if has_visible_entries(path) {
            return Err(IndexError::NotAnIndex {
                path: path.to_path_buf(),
            }
            .into());
        }
    } else {
        std::fs::create_dir_all(path)
            .with_context(|| format!("cannot create the index folder {}", path.display()))?;
    }
    let schema = NewsSchema::new();
    let dir = IndexDirectory::open(path, false)
        .with_context(|| format!("cannot open the index folder {}", path.display()))?;
    let settings = IndexSettings {
        docstore_compression: DOCSTORE_COMPRESSOR,
        docstore_blocksize: DOCSTORE_BLOCK_BYTES,
        ..IndexSettings::default()
    };
    let index = Index::create(dir, schema.schema.clone(), settings)
        .with_context(|| format!("cannot create an index in {}", path.display()))?;
    NewsSchema::register_tokenizers(&index);
    Ok((index, schema, Opened::Created))
}

/// Empties an index folder for `--full`, after checking that no other
/// process is writing to it. Hidden files (`.gitignore`, tantivy's lock
/// files) and the aliases file stay.
fn wipe(path: &Path) -> anyhow::Result<()> {
    if let Ok(index) = Index::open_in_dir(path) {
        // Taking the writer lock is the only reliable test that no other
        // `newsidx index` is running; it is released right away.
        let writer = index.writer_with_num_threads::<tantivy::TantivyDocument>(1, 50_000_000);
        match writer {
            Err(err @ TantivyError::LockFailure(..)) => return Err(writer_error(err, path)),
            Ok(writer) => drop(writer),
            Err(_) => {}
        }
    }
    for entry in std::fs::read_dir(path)
        .with_context(|| format!("cannot read the index folder {}", path.display()))?
    {
        let entry = entry?;
        if is_kept(&entry.file_name()) {
            continue;
        }
        let file = entry.path();
        if entry.file_type()?.is_file() {
            std::fs::remove_file(&file)
                .with_context(|| format!("cannot remove {}", file.display()))?;
        }
    }
    Ok(())
}

/// Maps tantivy's lock failure to the error users understand.
pub fn writer_error(err: TantivyError, path: &Path) -> anyhow::Error {
    match err {
        TantivyError::LockFailure(..) => IndexError::Locked {
            path: path.to_path_buf(),
        }
        .into(),
        other => anyhow::Error::new(other).context(format!(
            "cannot open a writer on the index at {}",
            path.display()
        )),
    }
}

fn open_existing(path: &Path) -> Result<(Index, NewsSchema), IndexError> {
    let damaged = |err: TantivyError| IndexError::damaged(path, err);
    let dir = IndexDirectory::open(path, false).map_err(damaged)?;
    let index = Index::open(dir).map_err(damaged)?;
    checked(index, path)
}

/// [`open_existing`] for a process that only searches: its document
/// stores are read by range rather than mapped ([`IndexDirectory`]).
fn open_existing_for_search(path: &Path) -> Result<(Index, NewsSchema), IndexError> {
    let damaged = |err: TantivyError| IndexError::damaged(path, err);
    let dir = IndexDirectory::open(path, true).map_err(damaged)?;
    let index = Index::open(dir).map_err(damaged)?;
    checked(index, path)
}

fn checked(index: Index, path: &Path) -> Result<(Index, NewsSchema), IndexError> {
    let schema = NewsSchema::new();
    if !schema.matches(&index) {
        return Err(IndexError::SchemaMismatch {
            path: path.to_path_buf(),
        });
    }
    NewsSchema::register_tokenizers(&index);
    Ok((index, schema))
}

#[cfg(test)]
mod tests {
    use tantivy::schema::Value;
    use tantivy::{doc, TantivyDocument};

    use super::*;

    fn add_path(index: &Index, schema: &NewsSchema, path: &str) {
        let mut writer = index
            .writer_with_num_threads::<TantivyDocument>(1, 15_000_000)
            .unwrap();
        writer.add_document(doc!(schema.path => path)).unwrap();
        writer.commit().unwrap();
    }

    fn what_is_at(setup: impl FnOnce(&Path)) -> IndexError {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x");
        setup(&path);
        no_index_at(&path)
    }

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn nothing_or_an_empty_folder_is_a_missing_index() {
        assert!(matches!(what_is_at(|_| {}), IndexError::Missing { .. }));
        let empty = what_is_at(|p| {
            std::fs::create_dir(p).unwrap();
            write(&p.join(".gitignore"), "*");
        });
        assert!(matches!(empty, IndexError::Missing { .. }), "{empty:?}");
    }

    #[test]
    fn a_file_is_not_a_folder() {
        let err = what_is_at(|p| write(p, "an article"));
        assert!(matches!(err, IndexError::NotAFolder { .. }), "{err:?}");
    }

    #[test]
    fn a_folder_with_articles_a_few_levels_down_holds_articles() {
        let err = what_is_at(|p| write(&p.join("1987/03/reut-1.txt"), "Title"));
        assert!(matches!(err, IndexError::HoldsArticles { .. }), "{err:?}");
    }

    #[test]
    fn hidden_articles_and_an_index_own_files_are_not_articles() {
        for files in [
            &[".drafts/a.txt"][..],
            &["meta.json.bak", "newsidx.json", "meta.json", "abc.idx"],
        ] {
            let err = what_is_at(|p| {
                for file in files {
                    write(&p.join(file), "{}");
                }
            });
            let expected = if files[0].starts_with('.') {
                matches!(err, IndexError::Missing { .. })
            } else {
                matches!(err, IndexError::NotAnIndex { .. })
            };
            assert!(expected, "{files:?}: {err:?}");
        }
    }

    /// Indexes written before LZ4 hold zstd blocks: they stay readable,
    /// and what an update adds to them is written with today's settings.
    #[test]
    fn an_index_of_zstd_blocks_stays_readable_and_takes_lz4_from_then_on() {
        let dir = tempfile::tempdir().unwrap();
        let schema = NewsSchema::new();
        let older = IndexSettings {
            docstore_compression: Compressor::Zstd(Default::default()),
            ..IndexSettings::default()
        };
        let index = Index::create(
            MmapDirectory::open(dir.path()).unwrap(),
            schema.schema.clone(),
            older,
        )
        .unwrap();
        NewsSchema::register_tokenizers(&index);
        add_path(&index, &schema, "old.txt");
        drop(index);

        let (index, schema, opened) = open_for_writing(dir.path(), false).unwrap();
        assert_eq!(opened, Opened::Existing);
        add_path(&index, &schema, "new.txt");
        let saved = index.load_metas().unwrap().index_settings;
        assert_eq!(saved.docstore_compression, DOCSTORE_COMPRESSOR);

        let searcher = index.reader().unwrap().searcher();
        let mut paths: Vec<String> = searcher
            .segment_readers()
            .iter()
            .flat_map(|segment| {
                let store = segment.get_store_reader(1).unwrap();
                (0..segment.max_doc()).map(move |id| {
                    let doc: TantivyDocument = store.get(id).unwrap();
                    let value = doc.get_first(schema.path).unwrap();
                    value.as_str().unwrap().to_string()
                })
            })
            .collect();
        paths.sort();
        assert_eq!(paths, ["new.txt", "old.txt"]);
    }

    /// A search reads its stores by range, and sees every document the
    /// writer stored, whether or not the store has an empty part.
    #[test]
    fn a_search_reads_the_stores_by_range_and_finds_every_document() {
        let dir = tempfile::tempdir().unwrap();
        let (index, schema, _) = open_for_writing(dir.path(), false).unwrap();
        for i in 0..40 {
            add_path(&index, &schema, &format!("a{i:02}.txt"));
        }
        drop(index);
        let (index, schema) = open_for_search(dir.path()).unwrap();
        let searcher = index.reader().unwrap().searcher();
        let mut paths = Vec::new();
        for segment in searcher.segment_readers() {
            let store = segment.get_store_reader(1).unwrap();
            for id in 0..segment.max_doc() {
                let doc: TantivyDocument = store.get(id).unwrap();
                paths.push(
                    doc.get_first(schema.path)
                        .unwrap()
                        .as_str()
                        .unwrap()
                        .to_string(),
                );
            }
        }
        paths.sort();
        let written: Vec<String> = (0..40).map(|i| format!("a{i:02}.txt")).collect();
        assert_eq!(paths, written);

        let file = dir.path().join("ranges.bin");
        std::fs::write(&file, b"0123456789").unwrap();
        let file = StoreFile(WrapFile::new(std::fs::File::open(&file).unwrap()).unwrap());
        assert_eq!(file.read_bytes(3..3).unwrap().as_slice(), b"");
        assert_eq!(file.read_bytes(2..5).unwrap().as_slice(), b"234");
        assert_eq!(tantivy::HasLen::len(&file), 10);
    }
}

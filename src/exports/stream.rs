//! From a blocking writer to a streamed response. The rows are read and
//! written on a blocking thread; each piece of the file goes through a
//! bounded channel, so the writer waits while the client is slow (memory
//! stays flat) and stops as soon as the client goes away.

use std::io::Read;
use std::path::{Path, PathBuf};

use actix_web::HttpResponse;
use actix_web::http::header;
use actix_web::web::Bytes;
use tokio::sync::mpsc;

use super::xlsx_out::XlsxFile;
use super::{Format, RowSource, csv_out, headers};
use crate::db::DbPool;
use crate::i18n::Lang;

type Piece = Result<Bytes, std::io::Error>;
type Failure = Box<dyn std::error::Error + Send + Sync>;

/// Pieces waiting for the client at most: a few chunks' worth.
const IN_FLIGHT: usize = 4;
/// How much of a finished XLSX file one piece carries.
const FILE_PIECE: usize = 64 * 1024;

/// The response whose body `source` writes as `format`, downloaded as `file_name`.
pub fn respond(
    pool: DbPool,
    source: Box<dyn RowSource>,
    format: Format,
    lang: Lang,
    tmp_dir: PathBuf,
    file_name: &str,
) -> HttpResponse {
    let (tx, mut rx) = mpsc::channel::<Piece>(IN_FLIGHT);
    let span = tracing::Span::current();
    actix_web::rt::task::spawn_blocking(move || {
        span.in_scope(|| {
            let sink = Sink(tx);
            let result = match format {
                Format::Csv => write_csv(&pool, source, lang, &sink),
                Format::Xlsx => write_xlsx(&pool, source, lang, &tmp_dir, &sink),
            };
            match result {
                Ok(rows) => tracing::info!(rows, format = format.extension(), "export written"),
                Err(e) => {
                    tracing::error!(error = %e, format = format.extension(), "export failed");
                    // Ends the body with an error: the client sees a broken
                    // download, never a file that silently lacks rows.
                    let _ = sink.0.blocking_send(Err(std::io::Error::other("export failed")));
                }
            }
        })
    });
    let body = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    HttpResponse::Ok()
        .content_type(format.content_type())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file_name}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .streaming(body)
}

struct Sink(mpsc::Sender<Piece>);

impl Sink {
    /// False once the client has gone away: the writer stops.
    fn send(&self, bytes: Vec<u8>) -> bool {
        self.0.blocking_send(Ok(Bytes::from(bytes))).is_ok()
    }
}

fn next_chunk(pool: &DbPool, source: &mut dyn RowSource, lang: Lang) -> Result<Vec<super::Row>, Failure> {
    // A connection per chunk: none is held while the client reads.
    let mut conn = pool.get()?;
    Ok(source.next_chunk(&mut conn, lang)?)
}

fn write_csv(pool: &DbPool, mut source: Box<dyn RowSource>, lang: Lang, sink: &Sink) -> Result<usize, Failure> {
    if !sink.send(csv_out::header(&headers(source.columns(), lang))?) {
        return Ok(0);
    }
    let mut written = 0;
    loop {
        let rows = next_chunk(pool, source.as_mut(), lang)?;
        if rows.is_empty() {
            return Ok(written);
        }
        written += rows.len();
        if !sink.send(csv_out::rows(&rows)?) {
            return Ok(written);
        }
    }
}

fn write_xlsx(
    pool: &DbPool,
    mut source: Box<dyn RowSource>,
    lang: Lang,
    dir: &Path,
    sink: &Sink,
) -> Result<usize, Failure> {
    std::fs::create_dir_all(dir)?;
    let file = TempFile(dir.join(format!("{}.xlsx", uuid::Uuid::new_v4().simple())));
    let columns = source.columns();
    let mut book = XlsxFile::new(columns, &headers(columns, lang), dir)?;
    let mut written = 0;
    loop {
        let rows = next_chunk(pool, source.as_mut(), lang)?;
        if rows.is_empty() || sink.0.is_closed() {
            break;
        }
        if !book.append(&rows)? {
            tracing::warn!(written, "export longer than one XLSX sheet: cut at its last row");
            break;
        }
        written += rows.len();
    }
    book.save(&file.0)?;
    let mut reader = std::fs::File::open(&file.0)?;
    loop {
        let mut piece = vec![0; FILE_PIECE];
        let n = reader.read(&mut piece)?;
        piece.truncate(n);
        if n == 0 || !sink.send(piece) {
            return Ok(written);
        }
    }
}

/// The assembled XLSX file, deleted however the export ends.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

//! Hits as CSV (RFC 4180): a header row of the chosen fields, then one row
//! per hit, each written as it comes, so an export of every match streams.
//!
//! Quoting is the `csv` crate's: a title or snippet may hold commas,
//! quotes and line breaks, and RFC 4180's rules for them (quote the field,
//! double the quotes inside) are easy to get wrong by hand. Rows end in
//! CRLF, as the RFC writes them; readers take either.
//!
//! Cells are plain text, not escaped for a terminal: a CSV is for programs
//! and spreadsheets, and changing a title's characters would change the
//! data. Speakers share one cell, joined by `; `.

use std::io::{self, Write};

use super::fields::Chosen;
use crate::search::Hit;

/// Writes hits as CSV rows under a header.
pub struct CsvPrinter<W: Write> {
    writer: csv::Writer<W>,
    fields: Chosen,
    /// One reusable buffer per cell, so a row allocates nothing once the
    /// buffers have grown.
    cells: Vec<String>,
}

impl<W: Write> CsvPrinter<W> {
    /// A printer of `fields` into `w`; writes the header row at once.
    pub fn new(w: W, fields: Chosen) -> io::Result<CsvPrinter<W>> {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(w);
        writer
            .write_record(fields.fields().iter().map(|f| f.name))
            .map_err(into_io)?;
        let cells = vec![String::new(); fields.fields().len()];
        Ok(CsvPrinter {
            writer,
            fields,
            cells,
        })
    }

    /// Writes one hit as a row.
    pub fn write_hit(&mut self, hit: &Hit) -> io::Result<()> {
        for (field, cell) in self.fields.fields().iter().zip(&mut self.cells) {
            cell.clear();
            field.write_text(hit, cell);
        }
        self.writer.write_record(&self.cells).map_err(into_io)
    }

    /// Writes out what is buffered and gives the writer back.
    pub fn finish(self) -> io::Result<W> {
        self.writer
            .into_inner()
            .map_err(|e| io::Error::new(e.error().kind(), e.to_string()))
    }
}

/// The I/O error inside a CSV error, kept as it is: a closed pipe must
/// still read as one, so that `| head` ends quietly.
fn into_io(err: csv::Error) -> io::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(err) => err,
        other => io::Error::other(format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::ArticleMeta;

    fn hit(title: &str, speakers: &[&str]) -> Hit {
        Hit {
            rank: 3,
            score: 1.25,
            id: String::new(),
            article: ArticleMeta {
                path: "2024/a b.txt".into(),
                title: title.into(),
                lead: None,
                date: Some("2024-12-04T16:16:00Z".parse().unwrap()),
                date_has_time: true,
                speakers: speakers.iter().map(|s| s.to_string()).collect(),
                outlet: None,
                authors: Vec::new(),
                url: None,
                lang: None,
            },
            file: None,
            snippet: "one, two".into(),
            highlights: vec![[0, 3]],
            title_highlights: Vec::new(),
            matched_all: true,
            collapsed: None,
        }
    }

    fn render(fields: &str, hits: &[Hit]) -> String {
        let mut printer = CsvPrinter::new(Vec::new(), Chosen::parse(fields).unwrap()).unwrap();
        for hit in hits {
            printer.write_hit(hit).unwrap();
        }
        String::from_utf8(printer.finish().unwrap()).unwrap()
    }

    #[test]
    fn a_row_follows_the_header_in_the_fields_order() {
        let out = render(
            "rank,score,date,title,speakers,path,snippet",
            &[hit("Plain", &["Mark Rutte", "Ann Linde"])],
        );
        assert_eq!(
            out,
            "rank,score,date,title,speakers,path,snippet\r\n\
             3,1.25,2024-12-04T16:16:00Z,Plain,Mark Rutte; Ann Linde,2024/a b.txt,\"one, two\"\r\n"
        );
        assert_eq!(
            render("path,rank", &[hit("Plain", &[])]),
            "path,rank\r\n2024/a b.txt,3\r\n"
        );
    }

    #[test]
    fn quotes_commas_and_line_breaks_are_quoted_as_rfc_4180_says() {
        let out = render("title", &[hit("He said \"no\", twice\nthen left", &[])]);
        assert_eq!(out, "title\r\n\"He said \"\"no\"\", twice\nthen left\"\r\n");
    }

    #[test]
    fn an_undated_hit_has_an_empty_date_cell() {
        let mut undated = hit("T", &[]);
        undated.article.date = None;
        assert_eq!(render("date,rank", &[undated]), "date,rank\r\n,3\r\n");
    }
}

//! The reference plain-text layout: title, lead, date, then one paragraph a
//! line.
//!
//! Real files drift from it: the lead is missing (the date is then line 2),
//! a byline sits between lead and date, paragraphs are separated by blank
//! lines, or the date line is gone. So the parser anchors on the date: the
//! first of lines 2 to 4 (blank lines not counted) that is wholly a date, or
//! a `Date:` header, splits lead from body. Without one, line 2 is the lead
//! when more text follows it, as the reference layout says.

use std::borrow::Cow;

use super::date::ParsedDate;
use super::fields::{find_date_line, DATE_LINES};
use super::provenance::is_byline;
use super::{ParseError, Parts, Source};

/// Splits decoded text in the reference layout into its parts.
pub(super) fn parse(text: &str) -> Result<Parts<'_>, ParseError> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let title = lines.next().ok_or(ParseError::Empty)?;
    let rest: Vec<&str> = lines.collect();

    let dated = find_date_line(rest.iter().copied().enumerate(), DATE_LINES);
    // The layout has no author field, but a `By ...` line near the top
    // (where the date is looked for) names who wrote the story. It stays in
    // the body, as every line does; its names are kept from the speakers.
    let source = Source {
        authors: rest
            .iter()
            .take(DATE_LINES)
            .find(|line| is_byline(line))
            .map(|line| line.to_string())
            .into_iter()
            .collect(),
        ..Source::default()
    };

    let (lead, date, body): (Option<&str>, Option<ParsedDate>, Vec<&str>) = match dated {
        Some((0, date)) => (None, Some(date), rest[1..].to_vec()),
        Some((i, date)) => {
            // Lines between the lead and the date (a byline, a place) are
            // kept as text rather than dropped.
            let body = rest[1..i].iter().chain(&rest[i + 1..]).copied().collect();
            (Some(rest[0]), Some(date), body)
        }
        None if rest.len() >= 2 => (Some(rest[0]), None, rest[1..].to_vec()),
        None => (None, None, rest),
    };

    Ok(Parts {
        title: Cow::Borrowed(title),
        lead: lead.map(Cow::Borrowed),
        date,
        unreadable_date: None,
        paragraphs: body.into_iter().map(Cow::Borrowed).collect(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Article, ParseOptions};

    fn parse(text: &str) -> Result<Article, ParseError> {
        super::parse(text)?.into_article("x.txt", &ParseOptions::default())
    }

    const SEED: &str = include_str!("../../tests/fixtures/articles/reference.txt");

    fn utc(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn reference_layout_gives_title_lead_and_date() {
        let a = parse(SEED).unwrap();
        assert_eq!(
            a.meta.title,
            "Harbour authority delays Quayside tender after bid dispute"
        );
        assert_eq!(
            a.meta.lead.as_deref(),
            Some("The award of the Quayside redevelopment contract slips to spring after a losing bidder challenged the scoring, said port director Ingrid Halvorsen.")
        );
        assert_eq!(a.meta.date, utc("2024-03-07T09:45:00Z"));
    }

    #[test]
    fn reference_layout_body_starts_after_the_date() {
        let a = parse(SEED).unwrap();
        assert!(a.body.starts_with("The harbour board met on Wednesday"));
        assert!(!a.body.contains("7 March 2024"));
        assert_eq!(a.body.lines().count(), 7);
    }

    #[test]
    fn reference_layout_speakers_are_the_people_quoted() {
        let a = parse(SEED).unwrap();
        assert_eq!(a.meta.speakers, ["Ingrid Halvorsen", "Tomas Berg"]);
    }

    #[test]
    fn date_on_line_two_means_no_lead() {
        let a = parse("Title\n4 December 2024 16:16\nFirst.\nSecond.\n").unwrap();
        assert_eq!(a.meta.lead, None);
        assert_eq!(a.meta.date, utc("2024-12-04T16:16:00Z"));
        assert_eq!(a.body, "First.\nSecond.");
    }

    #[test]
    fn blank_lines_between_paragraphs_are_ignored() {
        let a = parse("TITLE\n26 February 1987 15:01\n\nOne.\n\nTwo.\n").unwrap();
        assert_eq!(a.meta.lead, None);
        assert_eq!(a.body, "One.\nTwo.");
    }

    #[test]
    fn byline_between_lead_and_date_stays_in_body() {
        let a = parse("T\nLead.\nBy Ann Lee\n2024-12-04\nText.\n").unwrap();
        assert_eq!(a.meta.lead.as_deref(), Some("Lead."));
        assert_eq!(a.meta.date, utc("2024-12-04T00:00:00Z"));
        assert_eq!(a.body, "By Ann Lee\nText.");
        assert_eq!(a.meta.authors, ["Ann Lee"]);
    }

    #[test]
    fn a_byline_near_the_top_gives_the_authors_and_no_speaker() {
        let text = "Harbour talks stall\nBy Ann Lee and Bo Chen\n2024-12-04\n\"The talks have stalled,\" Ann Lee said.\nBo Chen added that nothing was agreed.\nPort director Ingrid Halvorsen said talks would resume.\n";
        let a = parse(text).unwrap();
        assert_eq!(a.meta.authors, ["Ann Lee", "Bo Chen"]);
        assert!(
            a.meta
                .speakers
                .iter()
                .all(|s| s != "Ann Lee" && s != "Bo Chen"),
            "{:?}",
            a.meta.speakers
        );
        assert!(
            a.meta.speakers.iter().any(|s| s == "Ingrid Halvorsen"),
            "{:?}",
            a.meta.speakers
        );
    }

    #[test]
    fn a_by_line_deep_in_the_text_is_no_byline() {
        let a = parse("T\nLead.\n2024-12-04\nOne.\nTwo.\nBy Ann Lee\n").unwrap();
        assert!(a.meta.authors.is_empty());
        assert_eq!((a.meta.outlet, a.meta.url, a.meta.lang), (None, None, None));
    }

    #[test]
    fn date_header_line_is_recognised() {
        let a = parse("T\nLead.\nPublished: 2024-12-04\nText.\n").unwrap();
        assert_eq!(a.meta.date, utc("2024-12-04T00:00:00Z"));
    }

    #[test]
    fn missing_date_keeps_line_two_as_lead() {
        let a = parse("T\nLead here.\nBody one.\nBody two.\n").unwrap();
        assert_eq!(a.meta.date, None);
        assert_eq!(a.meta.lead.as_deref(), Some("Lead here."));
        assert_eq!(a.body, "Body one.\nBody two.");
    }

    #[test]
    fn title_and_one_paragraph_has_no_lead() {
        let a = parse("T\nOnly paragraph.\n").unwrap();
        assert_eq!(a.meta.lead, None);
        assert_eq!(a.body, "Only paragraph.");
    }

    #[test]
    fn date_in_a_body_sentence_is_not_the_date() {
        let a = parse("T\nLead.\nOn 4 December 2024 we met.\n").unwrap();
        assert_eq!(a.meta.date, None);
    }

    #[test]
    fn crlf_line_endings_are_handled() {
        let a = parse("T\r\nLead.\r\n4 December 2024 16:16\r\nText.\r\n").unwrap();
        assert_eq!(a.meta.title, "T");
        assert_eq!(a.body, "Text.");
    }

    #[test]
    fn whitespace_only_text_is_empty() {
        assert_eq!(parse("\n  \n"), Err(ParseError::Empty));
    }
}

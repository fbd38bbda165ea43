//! Writes a deterministic synthetic news corpus in the reference layout, for
//! benchmarks at sizes no real folder here has (10^4 to 10^6 articles).
//!
//! ```text
//! cargo run --release --example gen_corpus -- --n 100000 --seed 1 --out /tmp/corpus100k
//! ```
//!
//! Sentences come from the Reuters-21578 JSONL beside the repository when it
//! is there (so word frequencies look like news), else from a small built-in
//! list. Quotes are attributed to invented people in the reference format's
//! forms; dates are spread over 40 years; files go 1,000 to a folder. The
//! same `--n` and `--seed` always give the same bytes (ChaCha8).

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use clap::Parser;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[derive(Parser)]
struct Args {
    /// Number of articles.
    #[arg(long)]
    n: usize,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output folder (created).
    #[arg(long)]
    out: PathBuf,
    /// Also write the same articles, already split into fields, as JSON
    /// Lines: the input of the raw-tantivy baseline (`examples/raw_tantivy`).
    #[arg(long, value_name = "FILE")]
    jsonl: Option<PathBuf>,
}

/// One article as the generator knows it, before any parsing: what a
/// perfect parser would extract from the file written for it.
#[derive(serde::Serialize)]
struct Fields<'a> {
    path: &'a str,
    title: &'a str,
    lead: &'a str,
    date: String,
    speakers: [&'a str; 1],
    body: &'a str,
}

const FILES_PER_FOLDER: usize = 1000;

const FIRST: [&str; 24] = [
    "Anna", "Marek", "Ingrid", "Tomas", "Helena", "Jonas", "Priya", "Samuel", "Lucia", "Omar",
    "Katja", "Rafael", "Mei", "Daniel", "Aisha", "Viktor", "Elena", "Kwame", "Sofia", "Pavel",
    "Nadia", "Henrik", "Zoë", "José",
];
const LAST: [&str; 24] = [
    "Lindqvist",
    "Okafor",
    "Halvorsen",
    "Berg",
    "Nowak",
    "Ferreira",
    "Raman",
    "Kessler",
    "Marin",
    "Haddad",
    "Dahl",
    "Ortega",
    "Tanaka",
    "Brandt",
    "Bello",
    "Stahl",
    "Petrova",
    "Mensah",
    "Álvarez",
    "Wróbel",
    "Farouk",
    "Novak",
    "Keller",
    "Moreau",
];
const ROLES: [&str; 8] = [
    "Finance Minister",
    "central bank governor",
    "company spokeswoman",
    "union leader",
    "Mayor",
    "chief executive",
    "analyst",
    "Health Minister",
];
const VERBS: [&str; 6] = ["said", "stated", "added", "warned", "noted", "assured"];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const FALLBACK: [&str; 12] = [
    "The government said it would publish the figures next week after a review of the data.",
    "Prices rose for a third month as energy costs climbed across the region.",
    "Officials said talks would continue on Tuesday in the capital.",
    "The company reported a rise in quarterly profit on stronger demand for its products.",
    "Trade between the two countries fell sharply in the first half of the year.",
    "The central bank kept its main interest rate unchanged at its monthly meeting.",
    "Farmers warned that the dry weather could cut the harvest by a fifth.",
    "The court ruled that the contract had been awarded without a proper tender.",
    "Unions called a strike for next month after negotiations broke down.",
    "Analysts expect growth to slow as exports weaken and investment falls.",
    "The ministry said repairs to the damaged bridge would take at least six months.",
    "Shares closed higher after the results beat market forecasts.",
];

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let sentences = load_sentences();
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    std::fs::create_dir_all(&args.out)?;
    let mut jsonl = match &args.jsonl {
        Some(path) => Some(std::io::BufWriter::new(std::fs::File::create(path)?)),
        None => None,
    };
    let mut bytes = 0usize;
    for i in 0..args.n {
        let folder = format!("{:05}", i / FILES_PER_FOLDER);
        let dir = args.out.join(&folder);
        if i % FILES_PER_FOLDER == 0 {
            std::fs::create_dir_all(&dir)?;
        }
        let name = format!("a{i:07}.txt");
        let generated = article(&mut rng, &sentences);
        let text = generated.text();
        bytes += text.len();
        write(&dir.join(&name), &text)?;
        if let Some(out) = jsonl.as_mut() {
            let path = format!("{folder}/{name}");
            serde_json::to_writer(&mut *out, &generated.fields(&path))?;
            out.write_all(b"\n")?;
        }
    }
    if let Some(mut out) = jsonl {
        out.flush()?;
    }
    eprintln!(
        "gen_corpus: wrote {} articles, {:.1} MB, to {}",
        args.n,
        bytes as f64 / 1e6,
        args.out.display()
    );
    Ok(())
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    file.write_all(text.as_bytes())?;
    file.flush()?;
    Ok(())
}

/// Sentences of news length from the Reuters bodies, or the fallback list.
fn load_sentences() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/reuters21578/reuters.jsonl.gz");
    let Ok(file) = std::fs::File::open(&path) else {
        eprintln!(
            "gen_corpus: {} is absent; using built-in sentences",
            path.display()
        );
        return FALLBACK.iter().map(|s| s.to_string()).collect();
    };
    let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(file));
    let mut out = Vec::new();
    for line in reader.lines().map_while(Result::ok) {
        let Ok(record) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let Some(body) = record.get("body").and_then(|b| b.as_str()) else {
            continue;
        };
        // Paragraph breaks in the source would break the layout written here.
        let body = body.split_whitespace().collect::<Vec<_>>().join(" ");
        for sentence in body.split_inclusive(". ") {
            let sentence = sentence.trim();
            let lower = sentence.chars().filter(|c| c.is_lowercase()).count();
            if (40..=300).contains(&sentence.len()) && lower * 2 > sentence.len() {
                out.push(sentence.to_string());
            }
        }
    }
    out
}

/// The parts of one generated article.
struct Generated {
    title: String,
    lead: String,
    date: (u32, usize, i32, u32, u32),
    speaker: String,
    body: String,
}

impl Generated {
    /// The file in the reference layout.
    fn text(&self) -> String {
        let (day, month, year, hour, minute) = self.date;
        format!(
            "{}\n{}\n{day} {} {year} {hour:02}:{minute:02}\n{}",
            self.title, self.lead, MONTHS[month], self.body
        )
    }

    fn fields<'a>(&'a self, path: &'a str) -> Fields<'a> {
        let (day, month, year, hour, minute) = self.date;
        Fields {
            path,
            title: &self.title,
            lead: &self.lead,
            date: format!(
                "{year:04}-{:02}-{day:02}T{hour:02}:{minute:02}:00Z",
                month + 1
            ),
            speakers: [&self.speaker],
            body: self.body.trim_end(),
        }
    }
}

/// Sizes follow the issue's reference corpus: 100,000 articles in about
/// 112 MB, so a little over 1 KB each.
fn article(rng: &mut ChaCha8Rng, sentences: &[String]) -> Generated {
    let pick = |rng: &mut ChaCha8Rng| sentences.choose(rng).map_or("", String::as_str).to_string();
    let title = {
        let words: Vec<String> = pick(rng)
            .split_whitespace()
            .take(rng.random_range(5..10))
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
            .filter(|w| !w.is_empty())
            .collect();
        let mut t = words.join(" ");
        if let Some(first) = t.get(..1) {
            t = first.to_uppercase() + t.get(1..).unwrap_or("");
        }
        t
    };
    let name = format!(
        "{} {}",
        FIRST.choose(rng).unwrap_or(&"Ann"),
        LAST.choose(rng).unwrap_or(&"Lee")
    );
    let surname = name.rsplit(' ').next().unwrap_or("Lee").to_string();
    let role = ROLES.choose(rng).unwrap_or(&"analyst");
    let date = (
        rng.random_range(1..=28),
        rng.random_range(0..12),
        rng.random_range(1985..2025),
        rng.random_range(0..24),
        rng.random_range(0..60),
    );
    let lead = format!("{} - said {role} {name}.", pick(rng).trim_end_matches('.'));
    let mut body = String::new();
    for _ in 0..rng.random_range(2..6) {
        let mut paragraph: Vec<String> = (0..rng.random_range(1..3)).map(|_| pick(rng)).collect();
        match rng.random_range(0..10) {
            0..=1 => paragraph.push(format!(
                "- {} - {} {surname}.",
                pick(rng).trim_end_matches('.'),
                VERBS.choose(rng).unwrap_or(&"said")
            )),
            2 => paragraph.push(format!(
                "- {} - he warned.",
                pick(rng).trim_end_matches('.')
            )),
            3 => paragraph.push(format!(
                "\"{},\" {surname} said.",
                pick(rng).trim_end_matches('.')
            )),
            _ => {}
        }
        body.push_str(&paragraph.join(" "));
        body.push('\n');
    }
    Generated {
        title,
        lead,
        date,
        speaker: name,
        body,
    }
}

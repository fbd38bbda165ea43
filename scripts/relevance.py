#!/usr/bin/env python3
"""How well newsidx ranks, beside its peers, with Reuters-21578 topics as questions.

    python3 scripts/relevance.py [--reuters DIR-or-TAR.GZ] [--topics TSV] [--bin NEWSIDX]
                                 [--work DIR] [--min-relevant N] [--no-xapian] [--write]
    python3 scripts/relevance.py --derive-queries DESCRIPTIONS [--topics TSV]

The questions
-------------
Every Reuters TOPICS code that labels at least N articles (--min-relevant,
default 10, so that P@10 can reach 1 on every question) is one question.
Its query is the topic's name as a person would type it, read from
scripts/relevance-queries.tsv (that file's header says how the words were
chosen; `--derive-queries` prints the mechanical first draft it started
from). Its relevant articles are those that topics.tsv labels with the code;
every other article counts as not relevant. The labels are incomplete, so
the figures compare systems on the same labels rather than measure any of
them absolutely.

The systems, all over the same 19,042 articles of the text folder
------------------------------------------------------------------
- newsidx, the binary given with --bin, as a user runs it: `index DIR
  --index IDX --full --quiet`, then one `query --json --limit 120 'WORDS'
  --index IDX` process per question, with the words as typed (the articles
  with every word first, then, when fewer than asked for have them all,
  those with most of the words) and joined with OR. A hit's `path` (`1987-02/reut-5.txt`)
  names the article: its file name is the `id` of topics.tsv.
- SQLite FTS5 through Python's sqlite3: one table of title and body with the
  porter tokenizer, ranked by `bm25()` with its default column weights; the
  words as an implicit AND and joined with OR.
- A plain Okapi BM25 written here (class Bm25), with the words joined by OR,
  over title and body counted once each; the same with the title counted
  three times, as newsidx counts it, to show what that weight does; and the
  same with Xapian's default k1 = 1 and b = 0.5, to show what its weaker
  length normalisation does; and with the title three times and the k1 and
  b that newsidx's scaled statistics amount to (see effective_bm25).
- Xapian, when omindex and quest are installed (Debian's xapian-omega and
  xapian-tools): `omindex --db DB --url / DIR`, then one `quest -d DB -m 120
  'WORDS'` process per question, with quest's default operator (OR) and with
  `-o and`.

Each system's best 100 articles per question are scored; see METRICS below
for the definitions, which the report prints too.

Ties, and why 120 hits are asked for
------------------------------------
Rankings are put in a fixed order before they are scored: higher score
first, equal scores by article number. newsidx orders equal scores by where
the articles landed in its index, which changes from build to build (its
writer threads share the documents out as they come), so two builds of the
same folder can swap tied articles, and across the cut at 100 a tie decides
which articles are scored at all. newsidx and quest are therefore asked for
20 hits more than are scored; an article tied with the 100th is then sure to
be among those returned, unless all 20 extra hits share that score, which
the report counts and names. FTS5 and the reference BM25 sort in full.

Timing
------
"queries s" is the wall time of the whole set of questions in one form,
added up query by query: for newsidx and quest a process per query (start,
opening the index, search, and newsidx's snippets and JSON for 120 hits); for
FTS5 and the reference BM25 a call on a database or structure already open
in this process. "index s" is the wall time of building what the queries
search. The machine is shared, so both move from run to run; the relevance
figures do not.

Dependencies
------------
Python 3 with its standard library, and the snowballstemmer package for the
reference BM25. When it cannot be imported, the script makes a virtual
environment in WORK/venv, installs snowballstemmer 3.1.1 there with that
environment's pip, and starts itself again under the environment's
interpreter; nothing is installed outside the work folder. The Snowball
English stemmer it provides gave the same stem as the Snowball stemmer
tantivy 0.27 links (frostem) for each of the 45,333 distinct words of the
Reuters text when this script was written.

--write replaces the part of BENCHMARKS.md between BEGIN and END below with
the report; everything else in the file stays as it is.
"""

import argparse
import heapq
import json
import math
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import time
import unicodedata
from datetime import date

PROG = "relevance.py"
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(REPO), "shared", "corpora", "reuters21578")
QUERIES = os.path.join(REPO, "scripts", "relevance-queries.tsv")
BENCHMARKS = os.path.join(REPO, "BENCHMARKS.md")
BEGIN = "<!-- generated by scripts/relevance.py: begin -->"
END = "<!-- generated by scripts/relevance.py: end -->"

DEPTH = 100  # ranks scored per question
MARGIN = 20  # hits asked for beyond DEPTH where ties come in build order
K1 = 1.2
B = 0.75
# Xapian's BM25Weight defaults (k2 = 0, k3 = 1 and min_normlen = 0.5 aside):
# the reference is run with them too, to tell its weighting from the rest.
XAPIAN_K1 = 1.0
XAPIAN_B = 0.5
# newsidx reports the average field length as this many times the real one
# (src/search/scoring.rs, LENGTH_FACTOR): see effective_bm25.
NEWSIDX_LENGTH_FACTOR = 4.0
STEMMER_VERSION = "3.1.1"
# newsidx drops tokens of this many bytes or more (tantivy's RemoveLongFilter).
LONG_TOKEN_BYTES = 40
ARTICLE_NAME = re.compile(r"^reut-(\d+)$")
WORD = re.compile(r"[^\W_]+")
# Words that carry nothing in a category's name; --derive-queries drops them.
NAME_FILLERS = {"and", "of", "the"}

METRICS = """\
Binary relevance: an article is relevant to a question when topics.tsv
labels it with the question's topic. For one question, with R relevant
articles and rel_i = 1 when the article at rank i is relevant, else 0 (a
rank the system left empty counts 0):

- **nDCG@10** = DCG@10 / IDCG@10, where DCG@10 = sum over i = 1..10 of
  rel_i / log2(i + 1), and IDCG@10 is the DCG@10 of an ideal ranking,
  min(R, 10) relevant articles first.
- **P@10** = (relevant articles in ranks 1..10) / 10.
- **MAP@100**: the mean over questions of AP@100 = (sum over i = 1..100 of
  rel_i x P@i) / min(R, 100), where P@i is the share of relevant articles
  in ranks 1..i; a relevant article missing from the top 100 adds 0.
- **R@100** = (relevant articles in ranks 1..100) / R. For a topic with
  more than 100 articles it cannot reach 1 (earn: 100 of 3,776 at best).
- **no hits**: the share of questions for which the system returned
  nothing.

Each figure is the mean over the questions, each question weighing the
same."""


class Failure(Exception):
    """An error worth one line on stderr and exit status 2."""


def say(message):
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


def main(argv):
    args = parse_arguments(argv)
    try:
        if args.derive_queries:
            derive_queries(args.derive_queries, topics_path(args))
            return 0
        if args.tune:
            return tune(args)
        return evaluate(args)
    except Failure as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 2


def parse_arguments(argv):
    parser = argparse.ArgumentParser(prog=PROG, description="Relevance of newsidx and its peers on Reuters topics.")
    parser.add_argument(
        "--reuters",
        default=os.path.join(SHARED, "reuters-txt.tar.gz"),
        help="the Reuters text folder, or the tarball it comes in (default: ../shared/corpora/reuters21578/reuters-txt.tar.gz)",
    )
    parser.add_argument("--topics", help="topics.tsv (default: beside the tarball, else in ../shared/corpora/reuters21578/)")
    parser.add_argument("--queries", default=QUERIES, help="the topic-to-words file (default: scripts/relevance-queries.tsv)")
    parser.add_argument("--bin", help="the newsidx binary (default: target/release/newsidx, under $CARGO_TARGET_DIR if set)")
    parser.add_argument("--work", default="/tmp/newsidx-relevance", help="where indexes and results go (default: %(default)s)")
    parser.add_argument("--min-relevant", type=int, default=10, metavar="N", help="questions are topics with at least N articles (default: 10)")
    parser.add_argument("--no-xapian", action="store_true", help="leave Xapian out even when omindex and quest are installed")
    parser.add_argument("--write", action="store_true", help="replace the generated part of BENCHMARKS.md")
    parser.add_argument(
        "--tune",
        action="store_true",
        help="rank the settings newsidx can express by the development half of the questions, print dev and test figures, and stop",
    )
    parser.add_argument("--derive-queries", metavar="DESCRIPTIONS", help="print the mechanical topic-to-words draft from cat-descriptions_120396.txt and stop")
    args = parser.parse_args(argv)
    if args.min_relevant < 1:
        parser.error("--min-relevant must be at least 1")
    args.reuters = os.path.abspath(args.reuters)
    args.work = os.path.abspath(args.work)
    return args


def topics_path(args):
    if args.topics:
        return os.path.abspath(args.topics)
    if os.path.isfile(args.reuters):
        beside = os.path.join(os.path.dirname(args.reuters), "topics.tsv")
        if os.path.exists(beside):
            return beside
    return os.path.join(SHARED, "topics.tsv")


# --------------------------------------------------------------------------
# the stemmer, from a virtual environment when it is not installed


def ensure_stemmer(work):
    """Returns the snowballstemmer module, or starts this script again under
    a virtual environment in WORK/venv that has it."""
    try:
        import snowballstemmer

        return snowballstemmer
    except ImportError:
        pass
    if os.environ.get("NEWSIDX_RELEVANCE_VENV"):
        raise Failure("snowballstemmer cannot be imported even in the virtual environment; see pip's messages above")
    venv = os.path.join(work, "venv")
    python = os.path.join(venv, "bin", "python")
    has_it = os.path.exists(python) and subprocess.run([python, "-c", "import snowballstemmer"], capture_output=True).returncode == 0
    if not has_it:
        say(f"installing snowballstemmer {STEMMER_VERSION} into {venv}")
        if not os.path.exists(python):
            run_checked([sys.executable, "-m", "venv", venv], "cannot make a virtual environment (Debian: apt-get install python3-venv)")
        run_checked(
            [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", f"snowballstemmer=={STEMMER_VERSION}"],
            "pip could not install snowballstemmer",
        )
    os.environ["NEWSIDX_RELEVANCE_VENV"] = "1"
    sys.stdout.flush()
    os.execv(python, [python, os.path.abspath(__file__)] + sys.argv[1:])


def run_checked(command, message):
    if subprocess.run(command).returncode != 0:
        raise Failure(message)


# --------------------------------------------------------------------------
# the collection


class Article:
    __slots__ = ("number", "name", "title", "body")

    def __init__(self, number, name, title, body):
        self.number = number
        self.name = name
        self.title = title
        self.body = body


def text_folder(reuters, work):
    """The folder of month folders: REUTERS itself, its reuters21578/, or
    the tarball unpacked once into WORK/reuters."""
    if os.path.isdir(reuters):
        inner = os.path.join(reuters, "reuters21578")
        return inner if os.path.isdir(inner) else reuters
    if not os.path.isfile(reuters):
        raise Failure(f"no Reuters text folder or tarball at {reuters}: give one with --reuters")
    dest = os.path.join(work, "reuters")
    marker = dest + ".done"
    stamp = f"{reuters} {os.path.getsize(reuters)} {os.path.getmtime(reuters)}\n"
    if not os.path.exists(marker) or read_text(marker) != stamp:
        say(f"unpacking {reuters}")
        shutil.rmtree(dest, ignore_errors=True)
        os.makedirs(dest)
        try:
            with tarfile.open(reuters) as tar:
                if hasattr(tarfile, "data_filter"):
                    tar.extractall(dest, filter="data")
                else:
                    tar.extractall(dest)
        except (tarfile.TarError, OSError) as e:
            raise Failure(f"cannot unpack {reuters}: {e}") from e
        with open(marker, "w", encoding="utf-8") as f:
            f.write(stamp)
    folder = os.path.join(dest, "reuters21578")
    if not os.path.isdir(folder):
        raise Failure(f"{reuters} did not unpack to reuters21578/")
    return folder


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def article_number(path):
    """The NEWID in a path or URL ending in reut-N.txt, else None."""
    name = os.path.basename(path)
    if not name.endswith(".txt"):
        return None
    m = ARTICLE_NAME.match(name[:-4])
    return int(m.group(1)) if m else None


def read_articles(folder):
    """Every reut-N.txt under FOLDER, by NEWID. Line 1 is the title, line 2
    the date and the body starts after the blank line 3 (the layout of the
    collection's README)."""
    articles = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            number = article_number(name)
            if number is None:
                continue
            lines = read_text(os.path.join(dirpath, name)).split("\n")
            articles.append(Article(number, name[:-4], lines[0], "\n".join(lines[3:]).strip()))
    articles.sort(key=lambda a: a.number)
    if not articles:
        raise Failure(f"no reut-N.txt article under {folder}")
    return articles


def read_topics(path):
    """topics.tsv: article name -> its topic codes."""
    try:
        lines = read_text(path).splitlines()
    except OSError as e:
        raise Failure(f"cannot read the topic labels: {e}") from e
    if not lines or lines[0].split("\t")[:3] != ["id", "lewis_split", "topics"]:
        raise Failure(f"{path} does not start with the header id, lewis_split, topics")
    labels = {}
    for line in lines[1:]:
        fields = line.split("\t")
        labels[fields[0]] = set(fields[2].split()) if len(fields) > 2 else set()
    return labels


def topic_counts(labels):
    counts = {}
    for codes in labels.values():
        for code in codes:
            counts[code] = counts.get(code, 0) + 1
    return counts


class Question:
    __slots__ = ("code", "words", "relevant")

    def __init__(self, code, words, relevant):
        self.code = code
        self.words = words
        self.relevant = relevant


def read_questions(path, labels, min_relevant):
    """The topics of the queries file with at least MIN_RELEVANT articles,
    in the file's order, each checked against the labels."""
    counts = topic_counts(labels)
    numbers = {name: article_number(name + ".txt") for name in labels}
    questions = []
    header = None
    try:
        lines = read_text(path).splitlines()
    except OSError as e:
        raise Failure(f"cannot read the queries: {e}") from e
    for lineno, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if header is None:
            header = fields
            if fields[:3] != ["code", "query", "relevant"]:
                raise Failure(f"{path}:{lineno}: expected the header code, query, relevant")
            continue
        if len(fields) < 3:
            raise Failure(f"{path}:{lineno}: expected code, query and relevant, tab-separated")
        code, query, relevant = fields[:3]
        words = query.split()
        if not words or any(not re.fullmatch(r"[a-z0-9]+", w) for w in words):
            raise Failure(f"{path}:{lineno}: the query of {code} must be lower-case words of letters and digits")
        if counts.get(code, 0) != int(relevant):
            raise Failure(f"{path}:{lineno}: {code} labels {counts.get(code, 0)} articles in the topics file, not {relevant}")
        if int(relevant) >= min_relevant:
            relevant_set = {numbers[name] for name, codes in labels.items() if code in codes}
            questions.append(Question(code, words, relevant_set))
    missing = sorted(code for code, n in counts.items() if n >= min_relevant and code not in {q.code for q in questions})
    if missing:
        raise Failure(f"{path} has no query for {', '.join(missing)}")
    return questions


def derive_queries(descriptions, topics):
    """Prints the mechanical draft of the queries file: each code's name in
    the category list where it has one, else the code."""
    names = {}
    with open(descriptions, encoding="latin-1") as f:
        for line in f:
            # The organisations, exchanges, places and people that follow
            # are not TOPICS codes.
            if line.startswith("@heading[Organization"):
                break
            m = re.match(r"\s*(.+?)\s*\(([A-Z-]+)\)\s*$", line)
            if m:
                names.setdefault(m.group(2).lower(), m.group(1))
    counts = topic_counts(read_topics(topics))
    print("code\tquery\trelevant\thow")
    for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        name = names.get(code)
        words = []
        for w in re.split(r"[^a-z0-9]+", (name or code).lower()):
            if w and w not in NAME_FILLERS and w not in words:
                words.append(w)
        print(f"{code}\t{' '.join(words)}\t{n}\t{'description' if name else 'code'}")


# --------------------------------------------------------------------------
# the systems


class Run:
    """One system asked every question in one form."""

    def __init__(self, system, form):
        self.system = system
        self.form = form
        self.rankings = {}  # code -> article numbers, best first, at most DEPTH
        self.errors = []  # codes whose query failed
        self.unsettled = []  # codes whose tie at rank DEPTH ran past the hits fetched
        self.index_s = None
        self.queries_s = 0.0


def settle(run, code, hits, fetched):
    """Orders (score, number) hits by score, then number, and keeps DEPTH."""
    hits.sort(key=lambda h: (-h[0], h[1]))
    if len(hits) >= fetched and hits[DEPTH - 1][0] == hits[-1][0]:
        run.unsettled.append(code)
    run.rankings[code] = [number for _, number in hits[:DEPTH]]


def timed(command):
    start = time.monotonic()
    proc = subprocess.run(command, capture_output=True, text=True)
    return proc, time.monotonic() - start


def newsidx_runs(binary, folder, work, questions):
    index = os.path.join(work, "newsidx-index")
    shutil.rmtree(index, ignore_errors=True)
    say("newsidx: building the index")
    proc, index_s = timed([binary, "index", folder, "--index", index, "--full", "--quiet"])
    if proc.returncode != 0:
        raise Failure(f"newsidx index failed (exit {proc.returncode}): {proc.stderr.strip()[:500]}")
    runs = []
    for form, joiner in (("as typed", " "), ("OR", " OR ")):
        run = Run("newsidx", form)
        run.index_s = index_s
        say(f"newsidx: {len(questions)} queries, words {form}")
        for q in questions:
            command = [binary, "query", "--json", "--limit", str(DEPTH + MARGIN), joiner.join(q.words), "--index", index]
            proc, seconds = timed(command)
            run.queries_s += seconds
            # Exit 1 is a query that ran and found nothing.
            if proc.returncode not in (0, 1):
                run.errors.append(q.code)
                run.rankings[q.code] = []
                say(f"newsidx: {q.code} failed (exit {proc.returncode}): {proc.stderr.strip()[:200]}")
                continue
            hits = []
            for line in proc.stdout.splitlines():
                obj = json.loads(line)
                if obj.get("type") != "hit":
                    continue
                number = article_number(obj["path"])
                if number is None:
                    raise Failure(f"newsidx returned a path that names no article: {obj['path']}")
                hits.append((obj["score"], number))
            settle(run, q.code, hits, DEPTH + MARGIN)
        runs.append(run)
    return runs


def fts5_runs(articles, work, questions):
    path = os.path.join(work, "fts5.db")
    if os.path.exists(path):
        os.remove(path)
    say("FTS5: building the table")
    start = time.monotonic()
    db = sqlite3.connect(path)
    db.execute("CREATE VIRTUAL TABLE articles USING fts5(title, body, tokenize='porter unicode61 remove_diacritics 2')")
    with db:
        db.executemany(
            "INSERT INTO articles(rowid, title, body) VALUES (?, ?, ?)",
            ((a.number, a.title, a.body) for a in articles),
        )
        db.execute("INSERT INTO articles(articles) VALUES ('optimize')")
    index_s = time.monotonic() - start
    # bm25() is lower for better matches; rowid is the NEWID.
    sql = "SELECT rowid FROM articles WHERE articles MATCH ? ORDER BY bm25(articles), rowid LIMIT ?"
    runs = []
    for form, joiner in (("as typed", " "), ("OR", " OR ")):
        run = Run("SQLite FTS5", form)
        run.index_s = index_s
        say(f"FTS5: {len(questions)} queries, words {form}")
        for q in questions:
            start = time.monotonic()
            try:
                rows = db.execute(sql, (joiner.join(q.words), DEPTH)).fetchall()
            except sqlite3.Error as e:
                run.errors.append(q.code)
                say(f"FTS5: {q.code} failed: {e}")
                rows = []
            run.queries_s += time.monotonic() - start
            run.rankings[q.code] = [row[0] for row in rows]
        runs.append(run)
    db.close()
    return runs


def ascii_fold(word):
    """Accents off, as tantivy's AsciiFoldingFilter takes them: decomposed
    and stripped of combining marks, with the letters that do not decompose
    spelt out. An approximation of tantivy's table; the Reuters text is
    ASCII, where both leave every word as it is."""
    if word.isascii():
        return word
    spelt = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ł": "l", "ı": "i"}
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(spelt.get(c, c) for c in decomposed if not unicodedata.combining(c))


class Analyzer:
    """newsidx's analyzer for words: split on anything but letters and
    digits, drop tokens of 40 bytes or more, lower-case, fold accents,
    Snowball English stemming.

    newsidx (schema 4 on) also indexes decimal numbers, percentages and
    tickers whole, beside their parts; this leaves them out. No question
    asks for one, so all they change is newsidx's document lengths, by the
    few such tokens an article holds."""

    def __init__(self, snowballstemmer):
        self.stemmer = snowballstemmer.stemmer("english")
        self.cache = {}

    def tokens(self, text):
        out = []
        cache = self.cache
        for raw in WORD.findall(text):
            stem = cache.get(raw)
            if stem is None:
                if len(raw.encode("utf-8")) >= LONG_TOKEN_BYTES:
                    stem = ""
                else:
                    stem = self.stemmer.stemWord(ascii_fold(raw.lower()))
                cache[raw] = stem
            if stem:
                out.append(stem)
        return out


class Bm25:
    """A plain Okapi BM25 (k1 = 1.2, b = 0.75 unless given) over newsidx's tokens.

    Written out here rather than taken from a library because it is the
    reference the other systems are read against: every step is on this
    page, with nothing tuned, pruned or approximated, so a difference between
    newsidx and this class comes from newsidx (its title weight, its
    quantised document lengths, its query parser) or from the analysis, never
    from a hidden choice of a third engine.

    A document is its title counted TITLE_WEIGHT times plus its body: term
    frequency and length both count the title that many times, as newsidx's
    `text` field does. idf = ln(1 + (N - df + 0.5) / (df + 0.5)) (the
    non-negative form Lucene and tantivy use); a term adds idf * tf * (k1 +
    1) / (tf + k1 * (1 - b + b * dl / avgdl)), with dl and avgdl exact token
    counts. A query is the set of its analysed terms, OR: a document scores
    when it has any of them.
    """

    def __init__(self, numbers, titles, bodies, title_weight, k1=K1, b=B):
        self.numbers = numbers
        self.k1 = k1
        self.postings = {}
        lengths = []
        for doc, (title, body) in enumerate(zip(titles, bodies)):
            freqs = {}
            for term in title:
                freqs[term] = freqs.get(term, 0) + title_weight
            for term in body:
                freqs[term] = freqs.get(term, 0) + 1
            for term, tf in freqs.items():
                self.postings.setdefault(term, []).append((doc, tf))
            lengths.append(title_weight * len(title) + len(body))
        self.count = len(lengths)
        avgdl = sum(lengths) / self.count
        self.norms = [k1 * (1 - b + b * dl / avgdl) for dl in lengths]

    def search(self, terms, k):
        scores = {}
        norms = self.norms
        # Terms in a fixed order, so that every run adds the same floats in
        # the same order and equal scores stay equal.
        for term in sorted(set(terms)):
            plist = self.postings.get(term)
            if not plist:
                continue
            df = len(plist)
            idf = math.log(1 + (self.count - df + 0.5) / (df + 0.5))
            for doc, tf in plist:
                scores[doc] = scores.get(doc, 0.0) + idf * tf * (self.k1 + 1) / (tf + norms[doc])
        numbers = self.numbers
        best = heapq.nsmallest(k, scores.items(), key=lambda item: (-item[1], numbers[item[0]]))
        return [numbers[doc] for doc, _ in best]


def bm25_runs(articles, questions, snowballstemmer):
    say("reference BM25: analysing the articles")
    start = time.monotonic()
    analyzer = Analyzer(snowballstemmer)
    titles = [analyzer.tokens(a.title) for a in articles]
    bodies = [analyzer.tokens(a.body) for a in articles]
    analyse_s = time.monotonic() - start
    numbers = [a.number for a in articles]
    runs = []
    variants = (
        (1, K1, B, "Okapi BM25 (reference)"),
        (3, K1, B, "Okapi BM25, title x3"),
        (1, XAPIAN_K1, XAPIAN_B, f"Okapi BM25, k1 {XAPIAN_K1:g}, b {XAPIAN_B:g}"),
        (3, *effective_bm25(NEWSIDX_LENGTH_FACTOR), "Okapi BM25, title x3, newsidx's k1 and b"),
    )
    for title_weight, k1, b, system in variants:
        start = time.monotonic()
        index = Bm25(numbers, titles, bodies, title_weight, k1, b)
        run = Run(system, "OR")
        run.index_s = analyse_s + time.monotonic() - start
        say(f"{system}: {len(questions)} queries")
        for q in questions:
            start = time.monotonic()
            run.rankings[q.code] = index.search(analyzer.tokens(" ".join(q.words)), DEPTH)
            run.queries_s += time.monotonic() - start
        runs.append(run)
    return runs


QUEST_HIT = re.compile(r"^(\d+): \[([^\]]+)\]$")


def xapian_runs(folder, work, questions):
    db = os.path.join(work, "xapian")
    shutil.rmtree(db, ignore_errors=True)
    say("Xapian: omindex")
    proc, index_s = timed(["omindex", "--db", db, "--url", "/", folder])
    if proc.returncode != 0:
        raise Failure(f"omindex failed (exit {proc.returncode}): {proc.stderr.strip()[:500]}")
    runs = []
    for form, options in (("OR", []), ("as typed, AND", ["-o", "and"])):
        run = Run("Xapian quest", form)
        run.index_s = index_s
        say(f"Xapian: {len(questions)} queries, {form}")
        for q in questions:
            proc, seconds = timed(["quest", "-d", db, "-m", str(DEPTH + MARGIN)] + options + [" ".join(q.words)])
            run.queries_s += seconds
            if proc.returncode != 0:
                run.errors.append(q.code)
                run.rankings[q.code] = []
                say(f"quest: {q.code} failed (exit {proc.returncode}): {proc.stderr.strip()[:200]}")
                continue
            # Each hit is a "docid: [weight]" line, then key=value lines,
            # url= among them.
            hits = []
            weight = None
            for line in proc.stdout.splitlines():
                m = QUEST_HIT.match(line)
                if m:
                    weight = float(m.group(2))
                elif line.startswith("url=") and weight is not None:
                    number = article_number(line[4:])
                    if number is None:
                        raise Failure(f"quest returned a URL that names no article: {line}")
                    hits.append((weight, number))
                    weight = None
            settle(run, q.code, hits, DEPTH + MARGIN)
        runs.append(run)
    return runs


# --------------------------------------------------------------------------
# scoring and the report


def question_scores(ranking, relevant):
    """nDCG@10, P@10, AP@100 and R@100 of one ranking (see METRICS)."""
    rel = [1 if number in relevant else 0 for number in ranking[:DEPTH]]
    dcg = sum(r / math.log2(i + 2) for i, r in enumerate(rel[:10]))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), 10)))
    found = 0
    precision_sum = 0.0
    for i, r in enumerate(rel):
        if r:
            found += 1
            precision_sum += found / (i + 1)
    return {
        "ndcg10": dcg / ideal,
        "p10": sum(rel[:10]) / 10,
        "ap100": precision_sum / min(len(relevant), DEPTH),
        "r100": found / len(relevant),
        "empty": 1.0 if not ranking else 0.0,
    }


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else float("nan")


def summarise(run, questions):
    per = [question_scores(run.rankings[q.code], q.relevant) for q in questions]
    return {key: mean(p[key] for p in per) for key in per[0]}, per


def load_average():
    """The one-minute load average, or None where /proc has none."""
    try:
        with open("/proc/loadavg", encoding="utf-8") as f:
            return float(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def machine_line(args, binary, stemmer_version, xapian_version, total_s, loads):
    def out(*command):
        try:
            return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return "?"

    cpu = "unknown CPU"
    mem = "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
        with open("/proc/meminfo", encoding="utf-8") as f:
            kib = next((int(line.split()[1]) for line in f if line.startswith("MemTotal")), 0)
            mem = f"{kib / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    commit = out("git", "-C", REPO, "rev-parse", "--short", "HEAD")
    if args.bin:
        what = f"at commit `{commit}` (scripts), newsidx binary `{binary}`"
    else:
        what = f"at commit `{commit}`"
    peers = f"SQLite {sqlite3.sqlite_version} (Python {platform.python_version()}); snowballstemmer {stemmer_version}"
    if xapian_version:
        peers += f"; {xapian_version}"
    return (
        f"Measured on {date.today().isoformat()} {what}: {cpu}, {os.cpu_count()} cores, {mem}, "
        f"Linux {platform.release()}; {peers}. The whole run took {total_s:.0f} s{busy(loads)}. "
        "Reproduce with `scripts/bench.sh --relevance` (or `python3 scripts/relevance.py --write`)."
    )


def busy(loads):
    """How loaded the machine was, which moves the time columns only."""
    if None in loads:
        return ""
    return (
        f", with a load average of {loads[0]:.1f} at its start and {loads[1]:.1f} at its end "
        "(the time columns move with the load; the relevance figures do not)"
    )


def form_label(run):
    """How the words reached the system. newsidx's own reading of words as
    typed is its query parser's business, so its label does not say AND."""
    if run.system == "SQLite FTS5" and run.form == "as typed":
        return "as typed (AND)"
    if run.system == "Xapian quest":
        return "as typed (quest's default, OR)" if run.form == "OR" else "`-o and` (AND)"
    return {"OR": "joined with OR"}.get(run.form, run.form)


def report(runs, questions, labels, min_relevant, line, per_question_path):
    several = [q for q in questions if len(q.words) > 1]
    single = [q for q in questions if len(q.words) == 1]
    codes = len(topic_counts(labels))
    out = [
        BEGIN,
        "",
        line,
        "",
        f"{len(questions)} questions: the topics that label at least {min_relevant} of the "
        f"{len(labels):,} articles ({len(questions)} of the {codes} codes that occur), {len(single)} of one word and "
        f"{len(several)} of several. Each system returned at most {DEPTH} articles a question.",
        "",
        "| system | words | nDCG@10 | P@10 | MAP@100 | R@100 | no hits | index s | queries s |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    per_run = []
    for run in runs:
        means, per = summarise(run, questions)
        per_run.append(per)
        out.append(
            f"| {run.system} | {form_label(run)} | {means['ndcg10']:.3f} | {means['p10']:.3f} | {means['ap100']:.3f} "
            f"| {means['r100']:.3f} | {100 * means['empty']:.0f}% | {run.index_s:.1f} | {run.queries_s:.2f} |"
        )
    out += [
        "",
        f"The same, split by the length of the query: one word ({len(single)} questions; every form "
        f"of a system asks the same there) and several words ({len(several)}).",
        "",
        "| system | words | nDCG@10, one word | nDCG@10, several | MAP@100, several | no hits, several |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for run, per in zip(runs, per_run):
        by_code = {q.code: p for q, p in zip(questions, per)}
        one = mean(by_code[q.code]["ndcg10"] for q in single)
        many = [by_code[q.code] for q in several]
        out.append(
            f"| {run.system} | {form_label(run)} | {one:.3f} | {mean(p['ndcg10'] for p in many):.3f} "
            f"| {mean(p['ap100'] for p in many):.3f} | {100 * mean(p['empty'] for p in many):.0f}% |"
        )
    dev, test = split_questions(questions)
    out += [
        "",
        f"The same on the two halves that `--tune` uses: the development half ({len(dev)} questions), on which "
        f"newsidx's settings were chosen, and the test half ({len(test)}), which was only ever reported.",
        "",
        "| system | words | dev nDCG@10 | dev MAP@100 | test nDCG@10 | test MAP@100 |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for run in runs:
        d, _ = summarise(run, dev)
        t, _ = summarise(run, test)
        out.append(
            f"| {run.system} | {form_label(run)} | {d['ndcg10']:.3f} | {d['ap100']:.3f} "
            f"| {t['ndcg10']:.3f} | {t['ap100']:.3f} |"
        )
    empty = [(run, [q.code for q in questions if not run.rankings[q.code]]) for run in runs]
    notes = [f"- {run.system}, {form_label(run)}: {', '.join(codes)}" for run, codes in empty if codes]
    if notes:
        out += ["", "Questions with no hits:", ""] + notes
    errors = [f"- {run.system}, {form_label(run)}: {', '.join(run.errors)}" for run in runs if run.errors]
    if errors:
        out += ["", "Queries that failed (counted as no hits):", ""] + errors
    unsettled = [f"- {run.system}, {form_label(run)}: {', '.join(run.unsettled)}" for run in runs if run.unsettled]
    if unsettled:
        out += ["", f"Ties at rank {DEPTH} that ran past the {DEPTH + MARGIN} hits fetched (these rankings may vary between builds):", ""] + unsettled
    out += [
        "",
        METRICS,
        "",
        f"Per question: `{per_question_path}` after a run; every ranking scored: `rankings.tsv` beside it.",
        "",
        END,
    ]
    return "\n".join(out) + "\n"


def write_rankings(path, runs, questions):
    """Every ranking scored, one line a rank: system, form, code, rank, article."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("system\tform\tcode\trank\tarticle\n")
        for run in runs:
            for q in questions:
                for rank, number in enumerate(run.rankings[q.code], start=1):
                    f.write(f"{run.system}\t{run.form}\t{q.code}\t{rank}\treut-{number}\n")


def write_per_question(path, runs, questions):
    with open(path, "w", encoding="utf-8") as f:
        header = ["code", "query", "relevant"]
        for run in runs:
            name = f"{run.system} {run.form}"
            header += [f"{name}: hits", f"{name}: nDCG@10", f"{name}: AP@100"]
        f.write("\t".join(header) + "\n")
        for q in questions:
            row = [q.code, " ".join(q.words), str(len(q.relevant))]
            for run in runs:
                s = question_scores(run.rankings[q.code], q.relevant)
                row += [str(len(run.rankings[q.code])), f"{s['ndcg10']:.3f}", f"{s['ap100']:.3f}"]
            f.write("\t".join(row) + "\n")


def write_into(path, section):
    try:
        text = read_text(path)
    except OSError as e:
        raise Failure(f"cannot read {path}: {e}") from e
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise Failure(f"{path} has no {BEGIN} ... {END} markers; add them under a heading of their own")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text[:start] + section.rstrip("\n") + text[end + len(END) :])


# --------------------------------------------------------------------------
# tuning newsidx's settings on half of the questions

# The title counted this many times in `text`, the settings tried.
TUNE_TITLE_COPIES = (1, 2, 3)
# newsidx keeps tantivy's BM25 (k1 1.2, b 0.75, constants of tantivy 0.27)
# and can only change the statistics it is given: the average document
# length read as this many times the real one. That leaves k1 * (1 - b) at
# 0.3 and divides k1 * b = 0.9 by the factor: k1 = 0.3 + 0.9 / f and
# b = (0.9 / f) / k1 (the factor k1 + 1 in front is the same for every term
# and ranks nothing differently).
TUNE_LENGTH_FACTORS = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 6.0)


def split_questions(questions):
    """The development and the test half: the questions in the order of
    their codes, alternately. The rule was fixed before any setting was
    tried, and the test half is only ever reported, never used to choose."""
    ordered = sorted(questions, key=lambda q: q.code)
    return ordered[0::2], ordered[1::2]


def effective_bm25(factor):
    k1b = K1 * B / factor
    k1 = K1 * (1 - B) + k1b
    return k1, k1b / k1


def tune(args):
    """Every (title copies, length factor) pair through the reference BM25
    over newsidx's tokens, the words joined with OR: mean nDCG@10 and
    MAP@100 on each half. The setting to ship is the best on the
    development half (nDCG@10, then MAP@100)."""
    snowballstemmer = ensure_stemmer(args.work)
    folder = text_folder(args.reuters, args.work)
    articles = read_articles(folder)
    labels = read_topics(topics_path(args))
    questions = read_questions(os.path.abspath(args.queries), labels, args.min_relevant)
    dev, test = split_questions(questions)
    say(f"{len(articles):,} articles; {len(dev)} development and {len(test)} test questions")
    analyzer = Analyzer(snowballstemmer)
    titles = [analyzer.tokens(a.title) for a in articles]
    bodies = [analyzer.tokens(a.body) for a in articles]
    numbers = [a.number for a in articles]
    terms = {q.code: analyzer.tokens(" ".join(q.words)) for q in questions}
    rows = []
    for copies in TUNE_TITLE_COPIES:
        for factor in TUNE_LENGTH_FACTORS:
            k1, b = effective_bm25(factor)
            index = Bm25(numbers, titles, bodies, copies, k1, b)
            run = Run("tune", "OR")
            for q in questions:
                run.rankings[q.code] = index.search(terms[q.code], DEPTH)
            dev_means, _ = summarise(run, dev)
            test_means, _ = summarise(run, test)
            rows.append((copies, factor, k1, b, dev_means, test_means))
    best = max(rows, key=lambda r: (round(r[4]["ndcg10"], 6), round(r[4]["ap100"], 6)))
    print(f"development half: {', '.join(q.code for q in dev)}")
    print(f"test half: {', '.join(q.code for q in test)}")
    print()
    print("| title copies | length factor | k1 | b | dev nDCG@10 | dev MAP@100 | test nDCG@10 | test MAP@100 |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for copies, factor, k1, b, d, t in rows:
        mark = " **(best on dev)**" if (copies, factor) == best[:2] else ""
        print(
            f"| {copies} | {factor:g}{mark} | {k1:.3f} | {b:.3f} | {d['ndcg10']:.3f} | {d['ap100']:.3f} "
            f"| {t['ndcg10']:.3f} | {t['ap100']:.3f} |"
        )
    return 0


def newsidx_binary(args):
    if args.bin:
        binary = os.path.abspath(args.bin)
    else:
        target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(REPO, "target")
        binary = os.path.join(REPO, target, "release", "newsidx")
    if not os.access(binary, os.X_OK):
        raise Failure(f"no newsidx binary at {binary}: run `cargo build --release` or give --bin")
    return binary


def evaluate(args):
    started = time.monotonic()
    load_at_start = load_average()
    os.makedirs(args.work, exist_ok=True)
    snowballstemmer = ensure_stemmer(args.work)
    binary = newsidx_binary(args)
    folder = text_folder(args.reuters, args.work)
    articles = read_articles(folder)
    labels = read_topics(topics_path(args))
    names = {a.name for a in articles}
    if names != set(labels):
        raise Failure(
            f"the text folder and the topics file disagree: {len(names - set(labels))} articles without labels, "
            f"{len(set(labels) - names)} labelled articles missing"
        )
    questions = read_questions(os.path.abspath(args.queries), labels, args.min_relevant)
    say(f"{len(articles):,} articles, {len(questions)} questions")

    runs = newsidx_runs(binary, folder, args.work, questions)
    runs += fts5_runs(articles, args.work, questions)
    runs += bm25_runs(articles, questions, snowballstemmer)
    xapian_version = None
    if args.no_xapian:
        say("Xapian left out (--no-xapian)")
    elif shutil.which("omindex") and shutil.which("quest"):
        runs += xapian_runs(folder, args.work, questions)
        xapian_version = subprocess.run(["quest", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    else:
        say("Xapian left out: omindex or quest is not installed (Debian: xapian-omega, xapian-tools)")

    per_question = os.path.join(args.work, "per-question.tsv")
    write_per_question(per_question, runs, questions)
    write_rankings(os.path.join(args.work, "rankings.tsv"), runs, questions)
    try:
        from importlib.metadata import version

        stemmer_version = version("snowballstemmer")
    except ImportError:
        stemmer_version = "?"
    loads = (load_at_start, load_average())
    line = machine_line(args, binary, stemmer_version, xapian_version, time.monotonic() - started, loads)
    section = report(runs, questions, labels, args.min_relevant, line, per_question)
    with open(os.path.join(args.work, "relevance.md"), "w", encoding="utf-8") as f:
        f.write(section)
    if args.write:
        write_into(BENCHMARKS, section)
        say("written into BENCHMARKS.md")
    sys.stdout.write(section)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

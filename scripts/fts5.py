#!/usr/bin/env python3
"""SQLite FTS5 baseline: the peer system scripts/bench.sh times beside newsidx.

How bench.sh calls it
---------------------
    python3 scripts/fts5.py build CORPUS_DIR DB_PATH
    python3 scripts/fts5.py query DB_PATH MATCH_EXPR [--limit N]
        [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--sort relevance|date]
    python3 scripts/fts5.py sql MATCH_EXPR [the same options as query]

`build` replaces DB_PATH with a fresh, optimised index of every *.txt file
under CORPUS_DIR and writes one summary line to stderr (articles, seconds,
articles/s); stdout stays empty. Time it as a whole process.

`query` writes one JSON object per hit to stdout, best first, with the keys
title, date, speakers (a list), path and snippet: a subset of the keys of
`newsidx query --json` hit lines, with matches marked [like this] in the
snippet instead of given as byte ranges, and no summary line. MATCH_EXPR is FTS5 query
syntax, not newsidx's: `oil prices` (implicit AND), `"interest rate"`,
`wheat OR corn`, `oil NOT opec`, `title : bank`, `speakers : Lindqvist`.
`--to` includes the whole day.

`sql` prints the SELECT that `query` runs, with the match expression, dates
and limit written in as SQL literals, for the sqlite3 command-line tool:
bench.sh times `sqlite3 -readonly -json DB_PATH "$(fts5.py sql ...)"` as the
whole-process FTS5 query, so that what is timed is SQLite and not the start
of a Python interpreter (about 40 ms of the 47 ms a query took at 10k when
this script was timed). `query` stays for checking and for people; its path
imports only sys, sqlite3, json and argparse; datetime is loaded only when a
date bound is given, and the build's modules only by `build`.

Exit status, as newsidx and grep: 0 when a query found hits (or a build
succeeded), 1 when it ran and found nothing, 2 on any error, with a one-line
message on stderr and no traceback. A build that skipped an unreadable file
names it on stderr, finishes, and exits 2.

What is indexed, and the simplifications
----------------------------------------
Files are read as bytes and decoded as UTF-8 with replacement characters.
The layout is the reference one, taken strictly (blank lines skipped): line 1
the title, line 2 the lead, line 3 the date, the rest the body. Only
`4 December 2024 16:16` and `4 December 2024` are understood as dates (UTC,
stored as `YYYY-MM-DDTHH:MM:00Z` so that text order is time order); when line
3 is something else, the date is NULL and that line starts the body, so no
text is lost. newsidx looks for the date among lines 2 to 4 and reads many
more date forms; on the synthetic corpora, which follow the layout exactly,
both read the same fields.

Speakers come from two regular expressions, one pass each over the lead and
body, for the three forms examples/gen_corpus.rs writes:

    - <quote> - said|stated|added|warned|noted|assured <Name>.
    ... said <role words> <Name Surname>.
    "<quote>," <Surname> said.

<Name> is the run of capitalised words just before the full stop (or comma),
at most two. After a bare "said", two are required, so that "said Tuesday."
is not a speaker; that is the whole of the disambiguation. newsidx's
extractor also resolves pronouns, appositives and organisations and rejects
most false hits ("said the Federal Reserve." is one here); all this script
does beyond the patterns is drop a lone surname when a full name in the same
article ends with it. The column exists so that `speakers : Lindqvist` finds
the articles that quote Lindqvist, which these patterns do on the synthetic
corpora.

The FTS5 table uses the porter stemmer over unicode61 with diacritics
removed, and BM25 weights title 3, lead 1.5, body 1 and speakers 1, the
boosts newsidx's query parser gives its fields.
"""

import sqlite3
import sys

PROG = "fts5.py"
USAGE = f"""usage: {PROG} build CORPUS_DIR DB_PATH
       {PROG} query DB_PATH MATCH_EXPR [--limit N] [--from YYYY-MM-DD]
                    [--to YYYY-MM-DD] [--sort relevance|date]
       {PROG} sql MATCH_EXPR [--limit N] [--from YYYY-MM-DD]
                  [--to YYYY-MM-DD] [--sort relevance|date]"""

COLUMNS = "title, lead, body, speakers, path, date"
SCHEMA = (
    "CREATE VIRTUAL TABLE articles USING fts5("
    "title, lead, body, speakers, path UNINDEXED, date UNINDEXED, "
    "tokenize='porter unicode61 remove_diacritics 2')"
)
# Weights go to the columns in declaration order; FTS5 gives any column left
# out a weight of 1.0, and the unindexed path and date never match a term.
RANKING = "bm25(articles, 3.0, 1.5, 1.0, 1.0)"
# Column 2 is the body, which is what newsidx snippets from. The body keeps
# a paragraph a line; the snippet is one line, as newsidx prints it.
SNIPPET = "replace(snippet(articles, 2, '[', ']', '…', 24), char(10), ' ')"
SPEAKER_SEPARATOR = "\n"

MONTHS = {
    name: number
    for number, name in enumerate(
        "january february march april may june july august september "
        "october november december".split(),
        start=1,
    )
}


class Failure(Exception):
    """An error worth one line on stderr and exit status 2."""


def main(argv):
    try:
        if argv[:1] == ["build"]:
            return build_command(argv[1:])
        if argv[:1] == ["query"]:
            return query_command(argv[1:])
        if argv[:1] == ["sql"]:
            return sql_command(argv[1:])
        print(USAGE, file=sys.stderr)
        return 2
    except Failure as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 2


# --------------------------------------------------------------------------
# query


def query_arguments(command, argv, with_db):
    import argparse

    parser = argparse.ArgumentParser(prog=f"{PROG} {command}")
    if with_db:
        parser.add_argument("db")
    parser.add_argument("match", metavar="MATCH_EXPR")
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--from", dest="start", metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="end", metavar="YYYY-MM-DD")
    parser.add_argument("--sort", choices=["relevance", "date"], default="relevance")
    args = parser.parse_args(argv)
    if args.limit < 1:
        parser.error("--limit must be at least 1")
    return args


def query_sql(args):
    """The SELECT of a query and its parameters, in the order of its `?`s."""
    where = "articles MATCH ?"
    params = [args.match]
    if args.start is not None or args.end is not None:
        start, end = date_bounds(args.start, args.end)
        if start is not None:
            where += " AND date >= ?"
            params.append(start)
        if end is not None:
            where += " AND date < ?"
            params.append(end)
    # Ties on the date (and undated articles) keep insertion order, so a
    # repeated query prints the same lines.
    order = RANKING if args.sort == "relevance" else "date DESC, rowid"
    sql = (
        f"SELECT title, date, speakers, path, {SNIPPET} AS snippet FROM articles "
        f"WHERE {where} ORDER BY {order} LIMIT ?"
    )
    params.append(args.limit)
    return sql, params


def sql_command(argv):
    sql, params = query_sql(query_arguments("sql", argv, with_db=False))
    # The only `?`s in the statement are its parameters: the constant parts
    # above hold none.
    parts = sql.split("?")
    assert len(parts) == len(params) + 1
    literals = [
        str(p) if isinstance(p, int) else "'" + p.replace("'", "''") + "'" for p in params
    ]
    print("".join(part + literal for part, literal in zip(parts, literals + [""])))
    return 0


def query_command(argv):
    args = query_arguments("query", argv, with_db=True)
    sql, params = query_sql(args)
    try:
        db = sqlite3.connect(read_only_uri(args.db), uri=True)
    except sqlite3.Error as e:
        raise Failure(f"{args.db}: {e}") from None
    try:
        rows = db.execute(sql, params).fetchall()
    except sqlite3.Error as e:
        # Mostly MATCH syntax ("fts5: syntax error near ..."); a file that is
        # no index built here says "no such table".
        raise Failure(f"query {args.match!r} on {args.db}: {e}") from None
    db.close()
    if not rows:
        return 1
    return write_hits(rows)


def date_bounds(start, end):
    """`--from` and `--to` as text bounds on the stored date: [start, end)."""
    import datetime

    def day(flag, text):
        try:
            # isoformat() again, because fromisoformat also takes 20240101.
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise Failure(f"{flag} {text!r}: expected a date YYYY-MM-DD") from None

    low = day("--from", start).isoformat() if start is not None else None
    high = None
    if end is not None:
        last = day("--to", end)
        try:
            high = (last + datetime.timedelta(days=1)).isoformat()
        except OverflowError:
            high = None  # --to 9999-12-31 bounds nothing
    return low, high


def read_only_uri(path):
    # Only these three characters are special in the path part of an SQLite
    # URI; urllib.parse.quote would cost an import on every query.
    escaped = path.replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    return f"file:{escaped}?mode=ro"


def write_hits(rows):
    import json

    out = sys.stdout
    try:
        for title, date, speakers, path, snippet in rows:
            hit = {
                "title": title,
                "date": date,
                "speakers": speakers.split(SPEAKER_SEPARATOR) if speakers else [],
                "path": path,
                "snippet": snippet,
            }
            out.write(json.dumps(hit, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
        out.flush()
    except BrokenPipeError:
        # `| head` closed the pipe: not an error. Point stdout at /dev/null so
        # the interpreter's final flush does not complain either.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())
    return 0


# --------------------------------------------------------------------------
# build


def build_command(argv):
    import argparse

    parser = argparse.ArgumentParser(prog=f"{PROG} build")
    parser.add_argument("corpus", metavar="CORPUS_DIR")
    parser.add_argument("db", metavar="DB_PATH")
    args = parser.parse_args(argv)
    return build(args.corpus, args.db)


def build(corpus, db_path):
    import os
    import time

    if not os.path.isdir(corpus):
        raise Failure(f"{corpus}: not a folder")
    started = time.perf_counter()
    for stale in (db_path, db_path + "-journal", db_path + "-wal", db_path + "-shm"):
        try:
            os.remove(stale)
        except FileNotFoundError:
            pass
        except OSError as e:
            raise Failure(f"{stale}: cannot remove: {e.strerror}") from None

    counts = {"articles": 0, "skipped": 0}
    try:
        db = sqlite3.connect(db_path, isolation_level=None)
        # The file is rebuilt from nothing on every run and is worthless if a
        # run dies half-way, so a rollback journal and fsyncs would buy no
        # safety; they would only add writes and waits to what is timed.
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute(SCHEMA)
        db.execute("BEGIN")
        db.executemany(
            f"INSERT INTO articles({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
            rows(corpus, counts),
        )
        db.execute("COMMIT")
        # newsidx waits for its segment merges before a build returns, so
        # queries meet a merged index; 'optimize' is FTS5's step for that (it
        # goes further, to a single segment) and is timed as part of build.
        db.execute("INSERT INTO articles(articles) VALUES('optimize')")
        db.close()
    except (sqlite3.Error, OSError) as e:
        remove_quietly(db_path)
        raise Failure(f"{db_path}: {e}") from None
    except KeyboardInterrupt:
        remove_quietly(db_path)
        raise

    seconds = time.perf_counter() - started
    n = counts["articles"]
    skipped = f", {counts['skipped']} skipped" if counts["skipped"] else ""
    print(
        f"{PROG}: indexed {n} articles{skipped} in {seconds:.2f} s "
        f"({n / seconds if seconds > 0 else 0:.0f} articles/s)",
        file=sys.stderr,
    )
    return 2 if counts["skipped"] else 0


def remove_quietly(path):
    import os

    try:
        os.remove(path)
    except OSError:
        pass


def rows(corpus, counts):
    """One tuple per article, in the column order of COLUMNS."""
    import os

    def unreadable(error):
        counts["skipped"] += 1
        print(f"{PROG}: skipped {error.filename}: {error.strerror}", file=sys.stderr)

    for folder, subfolders, files in os.walk(corpus, onerror=unreadable):
        subfolders.sort()
        for name in sorted(files):
            if not name.endswith(".txt"):
                continue
            path = os.path.join(folder, name)
            try:
                with open(path, "rb") as f:
                    data = f.read()
            except OSError as e:
                unreadable(e)
                continue
            text = data.decode("utf-8", errors="replace")
            relative = os.path.relpath(path, corpus).replace(os.sep, "/")
            counts["articles"] += 1
            yield article_row(text, relative)


def article_row(text, path):
    title, lead, date, body = split_article(text)
    # Lead and body only, as newsidx: a headline attributes nothing.
    speakers = SPEAKER_SEPARATOR.join(find_speakers(lead + "\n" + body))
    return (title, lead, body, speakers, path, date)


def split_article(text):
    """(title, lead, ISO date or None, body) of the reference layout."""
    lines = [line.strip() for line in text.lstrip("\ufeff").splitlines()]
    lines = [line for line in lines if line]
    title = lines[0] if lines else ""
    lead = lines[1] if len(lines) > 1 else ""
    date = parse_date(lines[2]) if len(lines) > 2 else None
    body = lines[3:] if date is not None else lines[2:]
    return title, lead, date, "\n".join(body)


def parse_date(line):
    """`4 December 2024 16:16` or `4 December 2024` as `2024-12-04T16:16:00Z`."""
    import datetime

    parts = line.split()
    if len(parts) not in (3, 4):
        return None
    day, month, year = parts[0], MONTHS.get(parts[1].lower()), parts[2]
    hour, minute = "0", "0"
    if len(parts) == 4:
        hour, colon, minute = parts[3].partition(":")
        if not colon:
            return None
    numbers = (day, year, hour, minute)
    if month is None or len(year) != 4:
        return None
    if not all(n.isascii() and n.isdigit() for n in numbers):
        return None
    try:
        when = datetime.datetime(int(year), month, int(day), int(hour), int(minute))
    except ValueError:
        return None
    return when.strftime("%Y-%m-%dT%H:%M:00Z")


# A word that may be part of a name: letters first, then letters, digits,
# apostrophes or hyphens ("O'Neill", "Jean-Luc", "Zoë").
_WORD = r"[^\W\d_][\w'’-]*"
_patterns = None


def speaker_patterns():
    global _patterns
    if _patterns is None:
        import re

        _patterns = (
            # " - said|stated|... <words>." and "said <words>.": group 1 is
            # the dash, group 2 the words, whose capitalised tail is the name.
            re.compile(
                r"(\s-\s+)(?:said|stated|added|warned|noted|assured)"
                rf"((?:\s+{_WORD}){{1,6}})[.,]"
                rf"|()\bsaid((?:\s+{_WORD}){{2,6}})[.,]"
            ),
            # "<quote>," Surname said.
            re.compile(rf",[\"”]\s+({_WORD}(?:\s+{_WORD})?)\s+said\b"),
        )
    return _patterns


def find_speakers(text):
    """Names attributed a quote in text, each once, in order of appearance."""
    attribution, quoted = speaker_patterns()
    found = {}
    for m in attribution.finditer(text):
        dashed = m.group(1) is not None
        name = capitalised_tail(m.group(2) if dashed else m.group(4))
        if len(name) >= (1 if dashed else 2):
            found.setdefault(" ".join(name), None)
    for m in quoted.finditer(text):
        name = m.group(1).split()
        if all(w[0].isupper() for w in name):
            found.setdefault(" ".join(name), None)
    # "Anna Lindqvist" in the lead and "Lindqvist" later are one person; a
    # surname alone stays only when no full name ends with it.
    surnames = {name.rsplit(" ", 1)[1] for name in found if " " in name}
    return [name for name in found if name not in surnames]


def capitalised_tail(words):
    """The last one or two words of the trailing run of capitalised words."""
    words = words.split()
    n = 0
    while n < len(words) and words[-1 - n][0].isupper():
        n += 1
    return words[len(words) - min(n, 2):] if n else []


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

//! The parser and compiler on valid and invalid queries, table-driven.

use super::*;

/// A plain word as compiled: itself, its hashtag and its mention.
fn w(word: &str) -> String {
    format!("(\"{word}\" OR \"#{word}\" OR \"@{word}\")")
}

fn check(input: &str, expected: &str) {
    match compile(input) {
        Ok(m) => assert_eq!(m.to_string(), expected, "query: {input}"),
        Err(e) => panic!("query {input:?} failed: {e}"),
    }
}

fn check_err(input: &str, column: usize, message: &str) {
    match compile(input) {
        Ok(m) => panic!("query {input:?} compiled to {m}, expected an error"),
        Err(e) => {
            assert_eq!(e.column, column, "query {input:?}: {e}");
            assert!(e.message.contains(message), "query {input:?}: {e}");
        }
    }
}

#[test]
fn valid_queries() {
    let table: Vec<(&str, String)> = vec![
        ("schoolmax", format!("fts({})", w("schoolmax"))),
        ("SchoolMax", format!("fts({})", w("SchoolMax"))),
        (
            "schoolmax portal",
            format!("fts(({} AND {}))", w("schoolmax"), w("portal")),
        ),
        (
            "schoolmax AND portal",
            format!("fts(({} AND {}))", w("schoolmax"), w("portal")),
        ),
        ("a OR b", format!("fts(({} OR {}))", w("a"), w("b"))),
        (
            "a b OR c",
            format!("fts((({} AND {}) OR {}))", w("a"), w("b"), w("c")),
        ),
        ("\"student portal\"", r#"fts("student portal")"#.into()),
        ("#SchoolMaxDown", r##"fts("#SchoolMaxDown")"##.into()),
        ("@Gazette", r#"fts("@Gazette")"#.into()),
        (
            "login*",
            r##"fts(("login"* OR "#login"* OR "@login"*))"##.into(),
        ),
        ("#login*", r##"fts("#login"*)"##.into()),
        ("a -b", format!("fts((({}) NOT {}))", w("a"), w("b"))),
        (
            "(a OR b) AND NOT c",
            format!("fts(((({} OR {})) NOT {}))", w("a"), w("b"), w("c")),
        ),
        (
            "outage NEAR/3 login",
            r#"fts(NEAR("outage" "login", 3))"#.into(),
        ),
        (
            "outage NEAR login",
            r#"fts(NEAR("outage" "login", 10))"#.into(),
        ),
        (
            "NEAR/5(portal \"log in\" #down)",
            r##"fts(NEAR("portal" "log in" "#down", 5))"##.into(),
        ),
        (
            "portal platform:twitter",
            format!("(fts({}) AND platform = twitter)", w("portal")),
        ),
        ("platform:X", "platform = twitter".into()),
        ("lang:EN", "lang = en".into()),
        ("kind:reply", "kind = reply".into()),
        ("author:@Maya_K", "author = @Maya_K".into()),
        (
            "portal (platform:reddit OR platform:facebook)",
            format!(
                "(fts({}) AND (platform = reddit OR platform = facebook))",
                w("portal")
            ),
        ),
        (
            "portal -kind:repost lang:en",
            format!("(fts({}) AND NOT kind = repost AND lang = en)", w("portal")),
        ),
        (
            "platform:twitter -spam -test",
            format!(
                "(NOT fts(({} OR {})) AND platform = twitter)",
                w("spam"),
                w("test")
            ),
        ),
        (
            "a OR b OR author:@gazette",
            format!("(fts(({} OR {})) OR author = @gazette)", w("a"), w("b")),
        ),
        (
            "(a OR -b) c",
            format!(
                "((fts({}) OR NOT fts({})) AND fts({}))",
                w("a"),
                w("b"),
                w("c")
            ),
        ),
        // FTS5 syntax typed by the user is searched for as text.
        ("\"NEAR(x) OR y*\"", r#"fts("NEAR(x) OR y*")"#.into()),
        ("near", format!("fts({})", w("near"))),
        ("a\"b\"", format!("fts(({} AND \"b\"))", w("a"))),
        ("https://x.org/a", format!("fts({})", w("https://x.org/a"))),
        ("10:30", format!("fts({})", w("10:30"))),
    ];
    for (input, expected) in table {
        check(input, &expected);
    }
}

#[test]
fn invalid_queries_point_at_the_column() {
    let table: &[(&str, usize, &str)] = &[
        ("", 1, "empty"),
        ("   ", 1, "empty"),
        ("outage AND (login", 18, "“(” at column 12 is never closed"),
        ("\"student portal", 1, "quotation mark is never closed"),
        ("a \"\"", 3, "empty quotes"),
        ("NOT spam", 1, "only excludes"),
        ("-spam", 1, "only excludes"),
        ("a OR -b", 1, "only excludes"),
        ("a OR", 5, "ends too early"),
        ("OR a", 1, "AND/OR"),
        ("a AND AND b", 7, "AND/OR"),
        ("a NOT", 6, "ends too early"),
        ("a )", 3, "no matching"),
        ("colour:red", 1, "unknown field “colour:”"),
        ("portal platform:myspace", 17, "unknown platform “myspace”"),
        ("kind:retweet", 6, "unknown kind of post"),
        ("lang:english1", 6, "not a language code"),
        ("author:@", 8, "handle"),
        ("platform:", 10, "write a value"),
        ("NEAR(a)", 1, "at least two"),
        ("NEAR a", 1, "NEAR goes between"),
        ("a NEAR/x b", 3, "NEAR/"),
        ("a NEAR/3 (b OR c)", 13, "inside NEAR"),
        ("a NEAR/3 platform:x", 3, "NEAR joins two words"),
        ("a NEAR/3 -b", 10, "NOT needs a word"),
        ("NEAR/2(a platform:x)", 10, "inside NEAR"),
        ("NEAR/2(a b", 11, "NEAR( at column 1 is never closed"),
        ("# ok", 1, "no letters"),
        ("a -", 3, "no letters"),
    ];
    for &(input, column, message) in table {
        check_err(input, column, message);
    }
}

#[test]
fn values_are_parameters_not_sql() {
    let m = compile("it's platform:facebook author:@x'--").unwrap();
    assert!(
        !m.sql.contains("facebook") && !m.sql.contains('\''),
        "{}",
        m.sql
    );
    assert_eq!(m.sql.matches('?').count(), m.params.len());
    assert_eq!(m.fts(), vec![w("it's")]);
}

#[test]
fn any_of_several_matchers() {
    let a = compile("a").unwrap();
    let b = compile("platform:reddit").unwrap();
    let any = Matcher::any(&[a, b]).unwrap();
    assert_eq!(
        any.to_string(),
        format!("(fts({}) OR platform = reddit)", w("a"))
    );
    assert_eq!(any.params.len(), 2);
}

#[test]
fn any_of_text_queries_is_one_index_lookup() {
    let any = Matcher::any(&[compile("a").unwrap(), compile("\"b c\"").unwrap()]).unwrap();
    assert_eq!(any.to_string(), format!("fts(({} OR \"b c\"))", w("a")));
}

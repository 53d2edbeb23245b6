//! Tests of [`super`]: records streamed, broken ones reported on their line and read past.

use super::*;

fn records(text: &str, containers: &[&str]) -> Vec<(u64, Result<Value, String>)> {
    let mut out = Vec::new();
    each_record(&mut text.as_bytes(), containers, |line, r| {
        out.push((line, r));
        Ok(())
    })
    .unwrap();
    out
}

#[test]
fn arrays_containers_and_lines_stream_their_records() {
    let doc = "[\n {\"a\": 1},\n {\"a\": 2}\n]\n";
    let got = records(doc, &[]);
    assert_eq!(got.len(), 2);
    assert_eq!(got[1], (3, Ok(serde_json::json!({"a": 2}))));

    let listing =
        r#"{"kind": "Listing", "data": {"after": null, "children": [{"x": 1}, {"x": 2}]}}"#;
    assert_eq!(records(listing, &["data", "children"]).len(), 2);

    let dup = r#"{"totalItems": 9, "orderedItems": [], "orderedItems": [{"x": 1}]}"#;
    assert_eq!(records(dup, &["orderedItems"]).len(), 1);

    for lines in [
        "{\"a\": 1}\n{\"a\" 2}\n{\"a\": 3}\n",
        "{\"a\": 1}\n{\"a\": \"truncated\n\n{\"a\": 3}",
    ] {
        let got = records(lines, &[]);
        assert_eq!(got.len(), 3, "{lines}");
        assert_eq!(got[1].0, 2);
        assert!(got[1].1.as_ref().unwrap_err().contains("invalid JSON"));
        assert_eq!(got[2].0, if lines.contains("\n\n") { 4 } else { 3 });
    }
}

/// A broken element of an array written one element after another (as pretty printers and
/// X's archive write it) costs that element: the elements after it are read, a second broken
/// one is reported too, and nested objects at other depths are never taken for elements.
#[test]
fn a_broken_element_of_a_pretty_printed_array_costs_that_element_only() {
    let element = |n: u32, broken: bool| {
        format!(
            "  {{\n    \"id\": {n},\n    \"user\": {{\n      \"name\": \"u{n}\"\n    }}{}\n  }}",
            if broken { " oops," } else { "" }
        )
    };
    let doc = format!(
        "[\n{}\n]\n",
        (1..=6)
            .map(|n| element(n, n == 2 || n == 5))
            .collect::<Vec<_>>()
            .join(",\n")
    );
    let got = records(&doc, &[]);
    let ids: Vec<i64> = got
        .iter()
        .filter_map(|(_, r)| r.as_ref().ok()?["id"].as_i64())
        .collect();
    assert_eq!(ids, [1, 3, 4, 6], "{got:?}");
    let broken: Vec<u64> = got
        .iter()
        .filter(|(_, r)| r.is_err())
        .map(|(line, _)| *line)
        .collect();
    // Each reported on the line of its error (an element spans six lines).
    assert_eq!(broken, [12, 30], "{got:?}");
}

/// A file of one record per line whose first line is broken: the lines after it are read as
/// lines, whatever broke the first (a line cut inside a string, a bad token, a missing brace).
#[test]
fn a_broken_first_line_costs_that_line_only() {
    for first in [
        "{\"a\": \"cut inside a string",
        "{\"a\": 1 oops}",
        "{\"a\": 1",
        "{\"a\": [1, 2",
    ] {
        let doc = format!("{first}\n{{\"a\": 2}}\n{{\"a\": 3}}\n");
        let got = records(&doc, &[]);
        let ok: Vec<i64> = got
            .iter()
            .filter_map(|(_, r)| r.as_ref().ok()?["a"].as_i64())
            .collect();
        assert_eq!(ok, [2, 3], "{first}: {got:?}");
        assert_eq!(got[0].0, 1, "{first}: {got:?}");
    }
}

//! Telephone numbers in a post's text, which name a person as an e-mail address does: an
//! international number (`+44 7700 900123`, `+15558675309`) or one written as North America
//! writes them (`(312) 555-0147`, `312.555.0199`, `1-800-555-0199`, `867-5309`).
//!
//! The shapes are strict, so that dates (`2026-09-01`), times, versions, addresses of machines
//! and ticket numbers (`INC0041207`) are left as written.

/// The length in bytes of the telephone number `s` starts with, if it starts with one. The
/// caller checks that it starts a word.
pub(super) fn phone_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let plus = b.first() == Some(&b'+');
    let mut i = usize::from(plus);
    // Each group's digits, and the separator before each group after the first.
    let mut groups: Vec<usize> = Vec::new();
    let mut separators: Vec<u8> = Vec::new();
    let mut bracketed = false;
    // Where the groups read so far end.
    let mut last = 0;
    let end = loop {
        let open = b.get(i) == Some(&b'(');
        let start = i + usize::from(open);
        let digits = b[start.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let mut after = start + digits;
        // Only one group is bracketed, the first after any country code: `(312) 555-0147`.
        let closed = !open || (b.get(after) == Some(&b')') && !bracketed);
        if digits == 0 || !closed {
            // What follows the separator is no group: the number, if any, ended before it.
            if groups.is_empty() {
                return None;
            }
            separators.pop();
            break last;
        }
        if open {
            bracketed = true;
            after += 1;
        }
        groups.push(digits);
        last = after;
        let next_starts_group = |at: usize| {
            b.get(at)
                .is_some_and(|c| c.is_ascii_digit() || (*c == b'(' && !bracketed))
        };
        match b.get(after) {
            Some(&sep @ (b' ' | b'-' | b'.')) if next_starts_group(after + 1) => {
                separators.push(sep);
                i = after + 1;
            }
            // `(312)555-0147`
            _ if open && next_starts_group(after) => {
                separators.push(b' ');
                i = after;
            }
            _ => break after,
        }
    };
    // A number ends a word: not `555-0147x`, nor a longer run of digits and dots.
    if s[end..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
    {
        return None;
    }
    let total: usize = groups.iter().sum();
    let shaped = if plus {
        (8..=15).contains(&total) && groups.iter().all(|&g| g <= 12)
    } else {
        let same = separators.windows(2).all(|w| w[0] == w[1]) || bracketed;
        match groups[..] {
            [3, 3, 4] => same,
            [1, 3, 3, 4] => same && s.starts_with('1') && !bracketed,
            [3, 4] => separators == [b'-'] && !bracketed,
            _ => false,
        }
    };
    shaped.then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_written_as_people_write_them_are_found_whole() {
        for number in [
            "+1 (312) 555-0147",
            "+44 7700 900123",
            "+15558675309",
            "+33 6 12 34 56 78",
            "(312) 555-0147",
            "(312)555-0147",
            "312-555-0147",
            "312.555.0199",
            "312 555 0147",
            "1-800-555-0199",
            "555-867-5309",
            "867-5309",
        ] {
            assert_eq!(phone_len(number), Some(number.len()), "{number}");
            let said = format!("{number}, thanks");
            assert_eq!(phone_len(&said), Some(number.len()), "{said}");
        }
    }

    #[test]
    fn dates_versions_and_other_numbers_are_no_telephone() {
        for text in [
            "2026-09-01",
            "10.0.0.1",
            "192.168.100.200",
            "1.2.3",
            "12:30",
            "3,344 posts",
            "555-0147x",
            "312-555.0147",
            "312-555-01477",
            "+44",
            "+1 555",
            "(312) (555) 0147",
            "867.5309",
            "2024 500 1234",
        ] {
            assert_eq!(phone_len(text), None, "{text}");
        }
    }
}

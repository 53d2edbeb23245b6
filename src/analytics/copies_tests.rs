//! Copies on hand-made texts and posts.

use super::*;

#[test]
fn case_links_mentions_and_punctuation_do_not_hide_a_copy() {
    let texts = [
        "Sign the petition: fix the portal before exams https://t.co/a",
        "SIGN THE PETITION fix the portal before exams!! @board",
        "sign the petition, fix the portal before exams",
        "the portal is down",
        "same",
        "same",
    ];
    assert_eq!(group(&texts), [0, 0, 0, 3, 4, 5]);
}

#[test]
fn a_changed_last_word_is_a_near_copy_and_a_new_story_is_not() {
    let base = "the district portal must be fixed before the exams start next week";
    let texts = [
        base,
        "the district portal must be fixed before the exams start next month",
        "the district portal must be fixed before the exams start next week please",
        "my daughter cannot see her exam schedule on the district portal this week",
        "el portal del distrito tiene que funcionar antes de los exámenes",
    ];
    assert_eq!(group(&texts), [0, 0, 0, 3, 4]);
}

#[test]
fn copies_count_every_post_but_the_original_and_leave_reposts_aside() {
    let post = |id: i64, author: i64, kind: PostKind, text: &str| WindowPost {
        id,
        created_at: id,
        author: Some(author),
        kind,
        text: text.into(),
        sentiment: None,
    };
    let petition = "Sign the petition to fix the portal now";
    let posts = [
        post(1, 1, PostKind::Post, petition),
        post(2, 2, PostKind::Post, &petition.to_uppercase()),
        post(3, 2, PostKind::Reply, &format!("{petition} @district")),
        post(4, 3, PostKind::Repost, &format!("RT @a: {petition}")),
        post(5, 4, PostKind::Post, "no puedo entrar al portal desde ayer"),
        post(
            6,
            5,
            PostKind::Post,
            "No puedo entrar al portal desde ayer.",
        ),
        post(7, 6, PostKind::Post, "grades are wrong on the portal"),
    ];
    let c = copies(&posts);
    assert_eq!((c.read, c.reposts, c.copies, c.texts), (7, 1, 3, 2));
    assert_eq!(c.groups[0].first, 1);
    assert_eq!((c.groups[0].posts, c.groups[0].people), (3, 2));
    assert_eq!(c.groups[1].first, 5);
    assert!((c.share() - 0.5).abs() < 1e-12);
    assert_eq!(copy_ids(&posts), [2, 3, 6]);
    let count = c.count();
    assert_eq!(
        count.note(7).as_deref(),
        Some("of which 3 are copies of 2 texts")
    );
    assert_eq!(
        count.note(9_000).as_deref(),
        Some("of the newest 7, 3 are copies of 2 texts")
    );
}

#[test]
fn one_copy_is_said_in_the_singular_and_none_is_not_said() {
    let one = CopyCount {
        read: 10,
        copies: 1,
        texts: 1,
    };
    assert_eq!(
        one.note(10).as_deref(),
        Some("of which 1 is a copy of 1 text")
    );
    assert_eq!(CopyCount::default().note(10), None);
}

#[test]
fn the_copies_are_said_with_the_reposts_left_aside() {
    let said = |read, reposts, copies, texts| {
        Copies {
            read,
            reposts,
            copies,
            texts,
            groups: Vec::new(),
        }
        .said()
    };
    assert_eq!(
        said(2_817, 82, 583, 170),
        "583 of 2,735 posts (21%) copy an earlier post's text: 170 texts copied; 82 reposts left \
         aside."
    );
    assert_eq!(
        said(10, 1, 1, 1),
        "1 of 9 posts (11%) copies an earlier post's text: 1 text copied; 1 repost left aside."
    );
    assert_eq!(
        said(40, 0, 0, 0),
        "No post copies another's text (40 posts read)."
    );
}

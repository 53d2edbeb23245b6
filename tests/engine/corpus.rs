//! The importers on the real sample files in `../shared/corpus` (skipped when absent).

use townhall::import::{import_file, ImportOptions};
use townhall::store::posts::all_posts;

use crate::support::{corpus, workspace};

#[test]
fn twarc2_brexit_sample_imports_every_tweet_once() {
    let Some(path) = corpus("twitter-api-v2/brexit.jsonl") else {
        return;
    };
    let (_dir, _db, mut store) = workspace();
    let report = import_file(&mut store, &path, &ImportOptions::default()).unwrap();
    // One API page of 100 tweets, checked by hand with jq: `.data | length`.
    assert_eq!(
        (report.read, report.imported, report.skipped),
        (100, 100, 0)
    );
    let again = import_file(&mut store, &path, &ImportOptions::default()).unwrap();
    assert_eq!((again.imported, again.duplicates), (0, 100));

    let posts = all_posts(store.conn(), None).unwrap();
    assert!(
        posts.iter().all(|p| p.followers_at_post.is_some()),
        "includes.users gives followers"
    );
}

#[test]
fn twarc2_flat_sample_imports() {
    let Some(path) = corpus("twitter-api-v2/flat.jsonl") else {
        return;
    };
    let (_dir, _db, mut store) = workspace();
    let report = import_file(&mut store, &path, &ImportOptions::default()).unwrap();
    assert_eq!(report.format, townhall::import::Format::Twarc2Flat);
    assert_eq!((report.read, report.skipped), (100, 0));
}

#[test]
fn twarc2_two_tweets_sample_expands_the_retweet() {
    let Some(path) = corpus("twitter-api-v2/two_tweets.jsonl") else {
        return;
    };
    let (_dir, _db, mut store) = workspace();
    import_file(&mut store, &path, &ImportOptions::default()).unwrap();
    let posts = all_posts(store.conn(), None).unwrap();
    let rt = posts
        .iter()
        .find(|p| p.native_id == "1394735776701816833")
        .unwrap();
    assert_eq!(rt.kind, townhall::model::PostKind::Repost);
    assert_eq!(rt.author_handle.as_deref(), Some("LachiVeronica"));
    assert_eq!(rt.followers_at_post, Some(0));
}

//! `twarc2 csv` (twarc-csv): Twitter API v2 tweets flattened into a CSV with dotted column
//! names. The CSV importer maps its columns like any other; this reads back what twarc-csv
//! changed, so that its posts are the ones the JSON it was made from gives.

use crate::model::{PostKind, Record};

/// Whether `header` is that of `twarc2 csv` (twarc-csv): Twitter API v2 fields, flattened with
/// dots.
pub(super) fn is_twarc_csv(header: &[String]) -> bool {
    ["author.username", "public_metrics.retweet_count"]
        .iter()
        .all(|column| header.iter().any(|h| h == column))
}

/// A row of a `twarc2 csv` file as the API gave it: twarc-csv writes each line break of a text
/// as `\n`, and the API's `&amp;`, `&lt;` and `&gt;` are still in it. Its author is the
/// account's id (as in the JSON, so that a person is one author whichever file brought them),
/// its kind and parent come from the `referenced_tweets.*.id` columns, a retweet's text says
/// whose it is (`RT @user: `) as the API's does, and, having no URL
/// column, it gets the tweet's address from its author and id, as the JSON importer gives it.
pub(super) fn as_twarc_wrote_it(records: &mut [Record]) {
    let Some(Record::Post(post)) = records.last() else {
        return;
    };
    let cells: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&post.raw).unwrap_or_default();
    let cell = |column: &str| {
        cells
            .get(column)
            .and_then(serde_json::Value::as_str)
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
    };
    let account = cell("author_id");
    let handle = cell("author.username");
    let retweeted = cell("retweeted_username");
    let reference = [
        ("retweeted", PostKind::Repost),
        ("quoted", PostKind::Quote),
        ("replied_to", PostKind::Reply),
    ]
    .into_iter()
    .find_map(|(ty, kind)| Some((kind, cell(&format!("referenced_tweets.{ty}.id"))?)));
    for record in records.iter_mut() {
        match record {
            Record::Author(author) => {
                if let Some(id) = &account {
                    author.native_id = id.clone();
                }
            }
            Record::Post(post) => {
                post.text = super::fields::unescape_markup(&post.text.replace("\\n", "\n"));
                if let Some(id) = &account {
                    post.author_id = Some(id.clone());
                }
                if let Some((kind, parent)) = &reference {
                    post.kind = *kind;
                    post.parent = Some(parent.clone());
                }
                // twarc-csv writes a retweet with its original's text (`merge_retweets`): the
                // API's text says whose it is, which a search for that account finds.
                if let (PostKind::Repost, Some(user)) = (post.kind, &retweeted) {
                    if !post.text.starts_with("RT @") {
                        post.text = format!("RT @{user}: {}", post.text);
                    }
                }
                super::fields::retweet_counts(post);
                if post.url.is_none() {
                    post.url = Some(match &handle {
                        Some(h) => format!("https://twitter.com/{h}/status/{}", post.native_id),
                        None => format!("https://twitter.com/i/web/status/{}", post.native_id),
                    });
                }
            }
            Record::Known(..) | Record::Private | Record::Broken(_) => {}
        }
    }
}

//! CrowdTangle CSV exports: Facebook pages and groups (2021– and older column sets) and
//! Instagram. A fixed [`Mapping`]: reactions (Like, Love, Wow, Haha, Sad, Angry, Care) summed
//! as likes, "Followers at Posting" as followers at post. Instagram posts are platform "other".

use super::csv_mapped::{normalise, Field, Mapping};

/// Whether a header is a CrowdTangle export's.
pub fn is_crowdtangle(header: &[String]) -> bool {
    let has = |name: &str| header.iter().any(|h| normalise(h) == name);
    (has("followers at posting") || has("likes at posting"))
        && (has("post created") || has("created"))
        && has("url")
}

/// The mapping of a CrowdTangle header (columns it lacks are left out).
pub fn mapping(header: &[String]) -> Mapping {
    let present = |names: &[&str]| -> Vec<String> {
        names
            .iter()
            .filter_map(|name| header.iter().find(|h| normalise(h) == *name).cloned())
            .collect()
    };
    let mut mapping = Mapping::default();
    let fields: [(Field, &[&str]); 11] = [
        (Field::Id, &["url"]),
        (Field::Url, &["url"]),
        (Field::CreatedAt, &["post created", "created"]),
        (
            Field::Text,
            &["message", "description", "title", "image text"],
        ),
        (Field::Author, &["user name"]),
        (Field::AuthorName, &["page name", "group name", "account"]),
        (
            Field::Followers,
            &["followers at posting", "likes at posting"],
        ),
        (
            Field::Likes,
            &["likes", "love", "wow", "haha", "sad", "angry", "care"],
        ),
        (Field::Replies, &["comments"]),
        (Field::Shares, &["shares"]),
        (Field::Views, &["post views", "views"]),
    ];
    for (field, names) in fields {
        let mut columns = present(names);
        if !matches!(field, Field::Likes | Field::Text) {
            columns.truncate(1);
        }
        if !columns.is_empty() {
            mapping.fields.insert(field, columns);
        }
    }
    mapping
}

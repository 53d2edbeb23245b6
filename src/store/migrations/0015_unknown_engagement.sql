-- A post with none of likes, shares, replies and quotes has unknown engagement, not 0: its kept
-- matches' facts (src/store/facts.rs) say so with a flag, which this rewrites for the posts
-- kept before the flag existed. Only those posts' matches are touched.
--
-- Invariant: as in 0009, `facts` is what townhall_facts() packs from the post, its engagement
-- NULL when none of the four counts is known (store::posts::ENGAGEMENT).

UPDATE topic_matches
SET facts = (
    SELECT townhall_facts(p.platform, p.lang, NULL, p.views, p.followers_at_post, p.shares,
                          p.sentiment)
    FROM posts p WHERE p.id = topic_matches.post
)
WHERE post IN (
    SELECT id FROM posts WHERE coalesce(likes, shares, replies, quotes) IS NULL
);

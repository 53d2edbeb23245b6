#!/usr/bin/env python3
"""Generate tests/data/sentiment_reference.tsv from the reference VADER.

The Rust port in src/sentiment/ must reproduce the reference package
vaderSentiment 3.3.2 exactly; tests/engine/sentiment.rs checks it against the scores
this script records. Run it once (the output is committed):

    python3 -m venv /tmp/vader-ref
    /tmp/vader-ref/bin/pip install vaderSentiment==3.3.2
    /tmp/vader-ref/bin/python tests/tools/gen_sentiment_reference.py \
        [--tweets /path/to/tweets_GroundTruth.txt] [--out tests/data/sentiment_reference.tsv]

Use CPython 3.11: from 3.12 on, sum() of floats is compensated, which can
differ in the last bit from the sequential sum of earlier versions (and of
the port), and newer Unicode tables change a few case properties.

Texts: about 2,500 synthetic ones (hand-written cases for every rule, rule
templates and seeded random word salad), plus at most 500 tweets sampled
from the VADER ground-truth file if it is given and exists. Output is
deterministic for a given input.

Format: a header line, then one line per text:
    text<TAB>neg<TAB>neu<TAB>pos<TAB>compound
where text has backslash, tab, newline and carriage return escaped as
\\\\, \\t, \\n, \\r, and the scores are the reference's polarity_scores values
(neg/neu/pos rounded to 3 decimals, compound to 4 by the reference) printed
with 4 decimals.
"""

import argparse
import importlib.metadata
import os
import random
import sys

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
)

# The shared evaluation data beside the project's checkout.
DEFAULT_TWEETS = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "eval", "vader", "tweets_GroundTruth.txt"
)
DEFAULT_OUT = os.path.normpath(os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "sentiment_reference.tsv")
)
MAX_TWEETS = 500
N_RANDOM = 1400
N_TEMPLATES = 700
SEED = 332

# --------------------------------------------------------------------------
# Hand-written cases, grouped by the rule they exercise.
# --------------------------------------------------------------------------

REFERENCE_DEMO = [
    "VADER is smart, handsome, and funny.",
    "VADER is smart, handsome, and funny!",
    "VADER is very smart, handsome, and funny.",
    "VADER is VERY SMART, handsome, and FUNNY.",
    "VADER is VERY SMART, handsome, and FUNNY!!!",
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "VADER is not smart, handsome, nor funny.",
    "The book was good.",
    "At least it isn't a horrible book.",
    "The book was only kind of good.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today SUX!",
    "Today only kinda sux! But I'll get by, lol",
    "Make sure you :) or :D today!",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "Not bad at all",
    "Sentiment analysis has never been good.",
    "Sentiment analysis has never been this good!",
    "Most automated sentiment analysis tools are shit.",
    "With VADER, sentiment analysis is the shit!",
    "Other sentiment analysis tools can be quite bad.",
    "On the other hand, VADER is quite bad ass",
    "VADER is such a badass!",
    "Without a doubt, excellent idea.",
    "Roger Dodger is one of the most compelling variations on this theme.",
    "Roger Dodger is at least compelling as a variation on the theme.",
    "Roger Dodger is one of the least compelling variations on this theme.",
    "Not such a badass after all.",
    "Without a doubt, an excellent idea.",
    "It was one of the worst movies I've seen, despite good reviews.",
    "Unbelievably bad acting!!",
    "Poor direction.",
    "VERY poor production.",
    "The movie was bad.",
    "Very bad movie.",
    "VERY BAD movie!",
]

EDGE_CASES = [
    # empty, whitespace, punctuation only
    "", " ", "   ", "\t", "\n", "\r\n", " \t\n ", ".", "!", "?", "!!", "??", "?!?!", "...",
    "!!!!!!!!", "??????", "!?", ",", ";-)", ":)", ":(", ":-)", ":-(", ":D", ":P", "<3", "</3",
    "(:", "):", "xD", "XD", ":'(", "^_^", "-_-", ";)", "=)", "=D", "O_o", "o_O", "8)",
    "!!! ??? ...", "- - -", "'", "\"\"", "#", "@", "&amp;", "__", "** **",
    # single words, cases, stripped punctuation
    "good", "Good", "GOOD", "good!", "good!!", "GOOD!", "'good'", "\"good\"", "(good)",
    "...good...", "--good--", "#good", "@good", "good.bad", "good/bad", "good-bad",
    "ok", "ok!", "OK", "OK!", "no", "No", "NO", "no!", "no.", "yes", "lol", "LOL", "lol!",
    "a", "I", "ha", "haha", "hahaha!!!", "wtf", "WTF?!", "omg", "OMG!!!", "smh", "rofl",
    "kind", "kind of", "Kind Of", "KIND OF", "kind of good", "kind of GOOD", "KIND of good",
    "sort of", "sort of good", "sorta good", "kinda bad", "kindof nice", "kind-of nice",
    "just enough", "just enough love", "he is just enough good", "this is just enough fun now",
    # numbers, urls, handles, hashtags
    "123", "3.14", "100%", "10/10", "1/10 would not recommend",
    "http://example.com", "https://example.com/great?x=1&y=2", "www.happy.com is great",
    "check this out https://t.co/abc123 :)", "@john you are awesome", "@sad_bob :(",
    "#love #hate #win", "#blessed", "#fail!!!", "@user @user2 #happy #sad",
    "love@home", "hate#hashtag", "good:)", ":)good", "good :) bad :(",
    # whitespace variants
    "good  bad", "good\tbad", "good\nbad", "good\r\nbad", "good\u00a0bad", "good\u3000bad",
    "good\u2028bad", "good\u2029bad", "good\u001cbad", "good\u001fbad", "good\u000bbad",
    "good\u000cbad", "good\u0085bad", "good\u200bbad", "good\u2009bad", "\u00a0good\u00a0",
    "NOT\u00a0good", "not\u3000good", "very\u001fgood",
    # unicode case
    "\u212aind of good",  # KELVIN SIGN lowercases to k
    "ǅ good", "ǅ GOOD", "ǈ GREAT stuff", "ᾈ GOOD", "ÉTÉ GOOD day", "ÜBER GOOD", "Über good",
    "ΟΔΟΣ GOOD", "ΣΣ GOOD", "σ GOOD", "İ GOOD", "ß GOOD", "ẞ GOOD", "ﬁ GOOD", "Ⅻ GOOD",
    "ⓐ GOOD", "Ⓐ GOOD", "ʕ GOOD", "\ua7cb GOOD", "\ua7cb\ua7cb GOOD stuff", "\U00010d50 GOOD",
    "\U0001e030 GOOD", "ᏸ GOOD", "Ꮿ GOOD", "ꭰ GOOD", "ǆ GOOD", "ȿ GOOD", "ᵃ GOOD", "ª GOOD",
    "GOOD ª", "SUPER ² good", "123 GOOD", "A1 GOOD", "GOOD ONE", "GOOD one", "VERY good",
    # non-Latin scripts
    "Это очень хорошо", "ОЧЕНЬ ХОРОШО good", "Я удивлен увидеть, как раз как удивительно полезно ВЕЙДЕРА!",
    "私はちょうどどのように驚くほど役に立つベイダーを見て驚いています!", "我很惊讶地看到VADER是如此有用!",
    "أنا مندهش لرؤية فقط كيف مثير للدهشة فيدر فائدة!", "שלום עולם good", "안녕하세요 좋아요 :)",
    "नमस्ते अच्छा bad", "Ελληνικά ΚΑΛΟ good", "Je suis surpris de voir comment VADER est incroyablement utile !",
    "Ich bin überrascht zu sehen, nur wie erstaunlich nützlich VADER!",
    "Me sorprende ver sólo cómo increíblemente útil VADER!", "naïve café résumé good",
    "ＧＯＯＤ ｇｏｏｄ", "Ｇｏｏｄ bad", "good\u0301", "goo\u0301d",
    # emoji
    "😁", "😁😁", "😁 😁", "😁good", "good😁", "good 😁", "😁!", "!😁", "I ❤ you", "I ❤️ you",
    "👍", "👍🏽", "👍🏽 great", "🇺🇸", "🇺🇸 USA", "👨‍👩‍👧", "👨‍👩‍👧 family", "#️⃣", "1️⃣ one",
    "© 2020", "®", "™ brand", "🔛", "🔛 on", "🆙", "🆙!!", "up 🆙 up", "🔛🆙", "😢😢😢",
    "so sad 😢", "not 😁", "NOT 😁 at all", "😡 but 😁", "😁 but 😡", "no 😁", "🙂 🙃 😉",
    "💩", "💩 the shit", "🤣🤣🤣 lol", "😂", "🥰", "🫠", "🫶", "🪿", "\u2639", "\u263a",
    "\u2764", "\u2665", "text\u00a9text", "a😁b😁c", "😁 😁 😁 😁 😁 😁 😁 😁",
    # "no" handling
    "no good", "no no good", "no problem", "No problem!", "NO problem", "no, good",
    "no good or bad", "no love or hate", "no love nor hate", "no love and hate",
    "no way", "no one likes it", "no fun at all", "not no good", "no", "no no", "no no no",
    "no NO", "NO good", "NO GOOD", "NO GOOD at all", "no doubt", "no doubt great",
    "no, no, no good", "absolutely no good", "no really good", "no very bad",
    # negations
    "not good", "not bad", "isn't good", "isnt good", "aint good", "ain't bad", "cannot love",
    "can't stand it", "never good", "never so good", "never this good", "never been so good",
    "never been this good", "never ever good", "never not good", "not very good",
    "not so good", "not this good", "not really good", "not the best", "nothing good",
    "without good", "without doubt good", "without a doubt good", "without doubt a good",
    "without a doubt, a good one", "without any doubt good", "rarely good", "seldom bad",
    "despite the good", "uh-uh good", "uhuh good", "nope good", "neither good nor bad",
    "nor good", "nowhere good", "none good", "wouldn't love", "won't hate", "wont hate",
    "shouldn't smile", "don't worry", "DON'T worry", "don't WORRY", "dont worry", "doesn't hurt",
    "didn't fail", "haven't won", "hasn't lost", "wasn't happy", "weren't sad",
    "mustn't cry", "needn't fear", "shan't lose", "couldn't be happier", "mightn't win",
    "n't good", "isn't it good", "isn't really all that good", "not a b good",
    "not good not bad", "not great, not terrible", "I can't say it isn't good",
    "so good", "this good", "a so good", "a this good", "x y so good", "x y this good",
    "a b c so good", "never a so good", "never so a good", "never this a good",
    "without a b doubt good", "without doubt a b good", "the not so good",
    # boosters / dampeners
    "very good", "VERY good", "very GOOD", "VERY GOOD", "very very good", "really very good",
    "extremely bad", "EXTREMELY bad", "extremely BAD", "very bad day", "barely good",
    "BARELY good", "hardly bad", "slightly annoying", "somewhat happy", "totally awesome",
    "fucking awesome", "fucking terrible", "FUCKING terrible", "so so good", "so bad",
    "SO bad", "SO BAD", "so so", "very", "VERY", "very very", "the very best", "most loved",
    "more hate", "less love", "little love", "almost perfect", "quite nice", "hella good",
    "uber cool", "the most amazing", "very, very good", "very! good", "VERY! GOOD",
    "very much good", "very a good", "very a b good", "very a b c good",
    # least
    "least good", "at least good", "very least good", "the least good",
    "least", "LEAST good", "at LEAST good", "it is the least bad", "least, good",
    "not least good", "at least not bad", "least least good",
    # special cases / idioms
    "the shit", "this is the shit", "this is the shit!", "it is the shit", "oh yeah the shit",
    "a b the shit", "a b c the shit", "the bomb", "it was the bomb", "a b the bomb",
    "bad ass", "such a bad ass", "what a bad ass", "he is bad ass", "a b bad ass",
    "badass", "a b badass", "yeah right", "oh yeah right", "a b c yeah right",
    "kiss of death", "it's the kiss of death", "a b kiss of death", "the kiss of death now",
    "to die for", "a b to die for", "it is to die for", "cake to die for",
    "beating heart", "a b beating heart", "my beating heart", "a b c beating heart",
    "bus stop", "at the bus stop", "a b bus stop", "a b c bus stop", "sad bus stop",
    "cut the mustard", "break a leg", "under the weather", "in the red", "upper hand",
    "kind of the shit", "the shit kind of", "not the shit", "never the shit",
    "a kind of good", "it kind of good", "x kind of good", "x sort of bad", "x just enough good",
    "it was sort of the bomb", "a b sort of good", "a b kind of nice", "a b just enough fun",
    # but
    "good but bad", "bad but good", "but", "but good", "good but", "BUT good", "good BUT bad",
    "good but bad but good", "good good but good", "good good but bad bad",
    "love but love", "love love but love love", "great but great but great",
    "bad, but good", "good,but bad", "good but, bad", "good butbad", "but but good",
    "nice nice nice but nice", "sad but happy happy", "sad sad but sad happy",
    "I love it but I hate it", "not good but not bad", "good but kind of bad",
    "The food was good but the service was terrible and the place is dirty",
    # caps differential
    "GOOD bad", "good BAD", "GOOD BAD", "Good Bad", "I am HAPPY", "I AM HAPPY",
    "i am HAPPY today", "HAPPY", "HAPPY!!!", "HAPPY day", "THE SHIT", "the SHIT",
    "THE shit is here", "NO GOOD", "no GOOD here", "KIND OF GOOD here", "LOL LOL lol",
    "NOT GOOD", "NOT good", "not GOOD", "NEVER SO GOOD", "never SO good",
    "It's GREAT but TERRIBLE", "it is GREAT!!! but TERRIBLE??",
    # punctuation emphasis
    "good!", "good!!", "good!!!", "good!!!!", "good!!!!!", "good!!!!!!!!!!", "bad!",
    "bad!!!!", "good?", "good??", "good???", "good????", "good?????", "bad??", "bad???",
    "good ?", "good ? ?", "good!?", "good?!?!", "good!!??", "bad!!!???", "neutral!!!",
    "the table!!!", "table??", "good, ! bad", "good ! ! ! !", "! good", "? ? ? good",
    "good and bad!!!", "good and bad???", "good and bad and ok!!!", "great!!! 🔛",
    # longer / mixed
    "I don't think this is a good idea, but it's not the worst either!!!",
    "This is NOT what I expected... kinda disappointed, but the staff was super friendly :)",
    "Honestly? The movie was okay. Not great. Not terrible. Just... okay.",
    "WOW!!! Best day EVER!!! 😁😁😁 #blessed",
    "Worst. Service. Ever. Never coming back!!!",
    "I'm not sure whether I love it or hate it, lol",
    "It isn't that I don't like it, it's that I never really loved it.",
    "no matter what they say, this is absolutely, positively the best",
    "The shit hit the fan and it was bad ass, yeah right.",
    "You are the best!!! No, you are the best!!!",
    "Without doubt the worst and without a doubt the best.",
]


def build_templates(rng, lexicon):
    """Rule-focused texts from templates with random fillings."""
    pos_words = sorted(w for w, v in lexicon.items() if v > 0 and w.isalpha())
    neg_words = sorted(w for w, v in lexicon.items() if v < 0 and w.isalpha())
    emoticons = sorted(w for w in lexicon if not any(c.isalpha() for c in w))
    boosters = sorted(BOOSTER_DICT)
    negations = sorted(NEGATE)
    fillers = ["the", "a", "it", "is", "was", "this", "that", "movie", "day", "food",
               "I", "you", "we", "really", "so", "at", "very", "of", "kind", "sort", "just"]
    specials = sorted(SPECIAL_CASES)

    def lex():
        return rng.choice(pos_words if rng.random() < 0.5 else neg_words)

    templates = [
        lambda: f"{rng.choice(negations)} {lex()}",
        lambda: f"{rng.choice(negations)} {rng.choice(fillers)} {lex()}",
        lambda: f"{rng.choice(negations)} {rng.choice(fillers)} {rng.choice(fillers)} {lex()}",
        lambda: f"{rng.choice(boosters)} {lex()}",
        lambda: f"{rng.choice(boosters)} {rng.choice(boosters)} {lex()}",
        lambda: f"{rng.choice(boosters)} {rng.choice(fillers)} {rng.choice(fillers)} {lex()}",
        lambda: f"{rng.choice(negations)} {rng.choice(boosters)} {lex()}",
        lambda: f"{rng.choice(fillers)} {rng.choice(negations)} {rng.choice(boosters)} {lex()}",
        lambda: f"no {lex()}",
        lambda: f"no {rng.choice(fillers)} {lex()}",
        lambda: f"no {lex()} {rng.choice(['or', 'nor', 'and'])} {lex()}",
        lambda: f"{lex()} but {lex()}",
        lambda: f"{lex()} {lex()} but {lex()} {lex()}",
        lambda: f"{lex()} {rng.choice(['but', 'BUT', 'But'])} {rng.choice(negations)} {lex()}",
        lambda: f"{rng.choice(['at', 'very', 'the', 'x'])} least {lex()}",
        lambda: f"{rng.choice(fillers)} {rng.choice(fillers)} {rng.choice(specials)} {rng.choice(fillers)}",
        lambda: f"{rng.choice(fillers)} {rng.choice(fillers)} {rng.choice(fillers)} {rng.choice(specials)}",
        lambda: f"{rng.choice(['never', 'without', 'not'])} {rng.choice(['so', 'this', 'doubt', 'a'])} {lex()}",
        lambda: f"{rng.choice(['never', 'without', 'not'])} {rng.choice(['so', 'this', 'doubt', 'a'])} {rng.choice(['so', 'this', 'doubt', 'a'])} {lex()}",
        lambda: f"{rng.choice(['kind of', 'sort of', 'just enough', 'kinda'])} {lex()}",
        lambda: f"{rng.choice(fillers)} {rng.choice(['kind of', 'sort of', 'just enough'])} {lex()}",
        lambda: f"{lex().upper()} {lex()}",
        lambda: f"{rng.choice(boosters).upper()} {lex()} {rng.choice(fillers)}",
        lambda: f"{rng.choice(negations).upper()} {lex()} {lex().upper()}",
        lambda: f"{lex()} {rng.choice(emoticons)}" + "!" * rng.randint(0, 6),
        lambda: f"{lex()} {lex()}" + "?" * rng.randint(0, 6),
        lambda: f"I {rng.choice(negations)} think it is {rng.choice(boosters)} {lex()}"
                + rng.choice(["", ".", "!", "!!", "?", "??!"]),
    ]
    return [rng.choice(templates)() for _ in range(N_TEMPLATES)]


def build_random(rng, lexicon, emojis):
    """Seeded word salad mixing every kind of token with random decoration."""
    lex_words = sorted(lexicon)
    single_emoji = sorted(e for e in emojis if len(e) == 1)
    multi_emoji = sorted(e for e in emojis if len(e) > 1)
    pools = [
        (30, lambda: rng.choice(lex_words)),
        (8, lambda: rng.choice(sorted(BOOSTER_DICT))),
        (8, lambda: rng.choice(NEGATE)),
        (10, lambda: rng.choice(["no", "or", "nor", "but", "least", "at", "very", "never", "so",
                                 "this", "without", "doubt", "kind", "of", "sort", "just",
                                 "enough", "the", "shit", "bomb", "bad", "ass", "yeah", "right",
                                 "kiss", "death", "to", "die", "for", "beating", "heart", "bus",
                                 "stop"])),
        (20, lambda: rng.choice(["I", "you", "it", "is", "was", "the", "a", "and", "to", "movie",
                                 "day", "food", "today", "phone", "really", "we", "they", "me"])),
        (4, lambda: rng.choice(single_emoji)),
        (1, lambda: rng.choice(multi_emoji)),
        (3, lambda: rng.choice(["!", "!!", "?", "??", "...", ",", "-", ":)", ":(", ":D", "<3",
                                "#win", "@bob", "http://t.co/x", "&amp;", "2day", "10/10"])),
        (2, lambda: rng.choice(["очень", "хорошо", "良い", "جيد", "καλό", "ΚΑΛΌ", "ÉTÉ", "ǅ",
                                "\u212aind", "İyi", "ß", "\ua7cb", "ʕ"])),
    ]
    weights = [w for w, _ in pools]
    makers = [m for _, m in pools]

    def token():
        tok = rng.choices(makers, weights)[0]()
        r = rng.random()
        if r < 0.12:
            tok = tok.upper()
        elif r < 0.18:
            tok = tok.title()
        r = rng.random()
        if r < 0.06:
            tok += rng.choice(["!", "!!", "!!!", "?", "??", ".", ",", "...", "?!"])
        elif r < 0.09:
            quote = rng.choice(["'", '"', "(", "*", "#", "@", "--"])
            tok = quote + tok + {"(": ")"}.get(quote, quote)
        return tok

    texts = []
    for _ in range(N_RANDOM):
        n = rng.choice([1, 2, 2, 3, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30])
        parts = []
        for k in range(n):
            if k:
                parts.append(rng.choice([" "] * 20 + ["  ", "\t", "\n", "", "\u00a0"]))
            parts.append(token())
        text = "".join(parts)
        if rng.random() < 0.15:
            text += rng.choice(["!", "!!!", "?", "???", "!?", " :)", " 😁", "...", "!!!!!!"])
        texts.append(text)
    return texts


def sample_tweets(path, rng):
    """At most MAX_TWEETS texts of the VADER tweet ground truth, in file order."""
    if not path or not os.path.exists(path):
        print(f"note: {path!r} not found, no tweets included", file=sys.stderr)
        return []
    with open(path, encoding="utf-8", newline="") as f:
        lines = [line.rstrip("\r\n") for line in f if line.strip()]
    texts = [line.split("\t", 2)[2] for line in lines]
    keep = sorted(rng.sample(range(len(texts)), min(MAX_TWEETS, len(texts))))
    return [texts[i] for i in keep]


def escape(text):
    return (text.replace("\\", "\\\\").replace("\t", "\\t")
            .replace("\n", "\\n").replace("\r", "\\r"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tweets", default=DEFAULT_TWEETS)
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()

    version = importlib.metadata.version("vaderSentiment")
    if version != "3.3.2":
        sys.exit(f"need vaderSentiment 3.3.2, found {version}")
    if sys.version_info[:2] != (3, 11):
        print("warning: reference scores were made with CPython 3.11", file=sys.stderr)

    analyzer = SentimentIntensityAnalyzer()
    rng = random.Random(SEED)
    texts = (REFERENCE_DEMO + EDGE_CASES
             + build_templates(rng, analyzer.lexicon)
             + build_random(rng, analyzer.lexicon, analyzer.emojis)
             + sample_tweets(args.tweets, random.Random(SEED)))
    texts = list(dict.fromkeys(texts))  # drop duplicates, keep order

    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        out.write("text\tneg\tneu\tpos\tcompound\n")
        for text in texts:
            s = analyzer.polarity_scores(text)
            out.write(escape(text) + "".join(
                f"\t{s[key]:.4f}" for key in ("neg", "neu", "pos", "compound")) + "\n")
    print(f"wrote {len(texts)} texts to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

//! Blocks → the article: pick the element that holds the story, then keep
//! the blocks inside it that read like prose.
//!
//! Every block is rated on its own (length, punctuation, link density). Each
//! element then scores the rated text below it: good text counts for it,
//! other text against it, so the winner is the tightest element that still
//! holds nearly all of the prose. Inside the winner, justext-style context
//! decides the short blocks: a short line between good paragraphs is part of
//! the story; one next to link lists and menus is not.

use crate::blocks::{Block, Kind, Layout};
use crate::dom::{Document, NONE, NodeId};

/// A block at least this heavy (see [`Block::weight`]) with some
/// punctuation and few links is prose on its own.
const GOOD_CHARS: u32 = 80;
/// Above this share of linked characters a block is navigation.
const MAX_LINK_DENSITY: f32 = 0.33;
/// How much a character of non-prose text inside an element costs it,
/// relative to the gain of a character of prose.
const JUNK_WEIGHT: f32 = 0.35;
/// Bonus for elements whose markup names them the content (`<article>`,
/// `itemprop=articleBody`, `class="entry-content"`…).
const CONTENT_HINT_BONUS: f32 = 1.15;
/// How far up from a snippet its teaser's headline link is looked for.
const TEASER_LEVELS: usize = 4;
/// Below this much prose the page has no article.
const MIN_ARTICLE_CHARS: f32 = 200.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Quality {
    Good,
    /// Short but clean: decided by its neighbours.
    Short,
    Bad,
}

fn rate(b: &Block, good_weight: u32) -> Quality {
    let ld = b.link_density();
    let plain = b.weight - b.link_weight;
    if b.weight >= good_weight && b.punct > 0 && (ld <= MAX_LINK_DENSITY || plain >= good_weight) {
        return Quality::Good;
    }
    if b.weight >= 3 * good_weight && ld <= MAX_LINK_DENSITY {
        // Long unpunctuated text (some scripts use none).
        return Quality::Good;
    }
    if ld > 0.5 && !is_linked_sentence(b) {
        return Quality::Bad;
    }
    Quality::Short
}

/// A sentence that carries links but also words of its own, as in a news
/// digest ("Apple is holding an event, <a>reports say</a>."), unlike a
/// menu entry or a headline link.
fn is_linked_sentence(b: &Block) -> bool {
    b.link_density() <= 0.8 && b.weight - b.link_weight >= 40 && b.punct >= 2
}

/// Rate every block, then sum good and junk weight under each node.
fn rate_all(
    doc: &Document,
    layout: &Layout,
    blocks: &[Block],
    good_weight: u32,
) -> (Vec<Quality>, Vec<f32>, Vec<f32>) {
    let n = doc.nodes.len();
    let mut quality: Vec<Quality> = blocks.iter().map(|b| rate(b, good_weight)).collect();
    demote_teasers(doc, layout, blocks, &mut quality);

    let mut good = vec![0f32; n];
    let mut junk = vec![0f32; n];
    for (b, q) in blocks.iter().zip(&quality) {
        let o = b.owner as usize;
        match q {
            Quality::Good => good[o] += (b.weight - b.link_weight) as f32,
            Quality::Short | Quality::Bad => junk[o] += b.weight as f32,
        }
    }
    for i in (1..n).rev() {
        let p = doc.nodes[i].parent;
        if p != NONE {
            good[p as usize] += good[i];
            junk[p as usize] += junk[i];
        }
    }
    (quality, good, junk)
}

/// Choose the article's blocks; returns indices into `blocks`, in order.
/// Words in a class or id that name a standfirst (the sentence under the headline).
const STANDFIRST_HINTS: &[&str] = &[
    "standfirst",
    "dek",
    "subhead",
    "subheadline",
    "subtitle",
    "strapline",
    "lede",
    "lead",
    "summary",
    "intro",
    "excerpt",
    "description",
    "teaser",
];

/// The standfirst of the story: the block right after the `<h1>` that precedes the first kept
/// block, when it reads as a sentence (ends with `.`, `!` or `?`, or its markup names it a
/// standfirst) with few links. Pages often set it apart from the body, outside the element
/// [`select`] picks, so it would be dropped. `None` when there is no such block or it is kept.
pub(crate) fn standfirst(doc: &Document, blocks: &[Block], chosen: &[usize]) -> Option<usize> {
    let &first = chosen.first()?;
    let h1 = (0..first)
        .rev()
        .find(|&k| blocks[k].kind == Kind::Heading(1))?;
    let k = h1 + 1;
    if k >= first {
        return None;
    }
    let b = &blocks[k];
    let named = {
        let mut id = b.owner;
        let mut named = false;
        for _ in 0..3 {
            let Some(e) = doc.element(id) else { break };
            named |= e
                .hints
                .split(|c: char| !c.is_ascii_alphabetic())
                .any(|w| STANDFIRST_HINTS.contains(&w));
            id = doc.nodes[id as usize].parent;
            if id == NONE {
                break;
            }
        }
        named
    };
    let sentence = b.text.trim_end().ends_with(['.', '!', '?']);
    let fits = b.kind == Kind::Paragraph && b.words >= 6 && b.link_density() < 0.2;
    (fits && (named || sentence)).then_some(k)
}

pub(crate) fn select(doc: &Document, layout: &Layout, blocks: &[Block]) -> Vec<usize> {
    let n = doc.nodes.len();
    let (mut quality, mut good, mut junk) = rate_all(doc, layout, blocks, GOOD_CHARS);
    if good[0] < MIN_ARTICLE_CHARS {
        // Stories told in short paragraphs (or a short intro and a table):
        // try again with a lower bar before giving up.
        (quality, good, junk) = rate_all(doc, layout, blocks, GOOD_CHARS / 2);
        if good[0] < MIN_ARTICLE_CHARS {
            return Vec::new();
        }
    }

    let mut best = 0usize;
    let mut best_score = f32::MIN;
    for i in 0..n {
        if good[i] == 0.0 || layout.skipped[i] || doc.element(i as NodeId).is_none() {
            continue;
        }
        let mut score = good[i] - JUNK_WEIGHT * junk[i];
        if layout.content_hint[i] {
            score *= CONTENT_HINT_BONUS;
        }
        if score > best_score {
            best_score = score;
            best = i;
        }
    }
    // A lone paragraph can outscore a container full of short lines (a
    // recipe's ingredients): widen to the nearest element holding enough
    // prose. The root holds at least that much, so this ends.
    while good[best] < MIN_ARTICLE_CHARS && best != 0 {
        best = doc.nodes[best].parent as usize;
    }

    let end = doc.subtree_end(best as NodeId);
    let inside: Vec<usize> = (0..blocks.len())
        .filter(|&k| (best..end).contains(&(blocks[k].owner as usize)))
        .collect();

    // Parents of good paragraphs: short paragraphs beside them are the
    // story's short paragraphs, whatever sits between them.
    let mut prose_parent = vec![false; n];
    for &k in &inside {
        if quality[k] == Quality::Good {
            let p = doc.nodes[blocks[k].owner as usize].parent;
            if p != NONE {
                prose_parent[p as usize] = true;
            }
        }
    }

    // Nearest rated (not short) neighbour on each side of every block, in
    // two linear passes so that long runs of short blocks stay linear.
    let m = inside.len();
    let mut prev_rated = vec![None; m];
    let mut next_rated = vec![None; m];
    let mut last = None;
    for j in 0..m {
        prev_rated[j] = last;
        if quality[inside[j]] != Quality::Short {
            last = Some(quality[inside[j]]);
        }
    }
    last = None;
    for j in (0..m).rev() {
        next_rated[j] = last;
        if quality[inside[j]] != Quality::Short {
            last = Some(quality[inside[j]]);
        }
    }

    // Resolve short blocks by their siblings and neighbours.
    let mut keep = vec![false; m];
    for (j, &k) in inside.iter().enumerate() {
        keep[j] = match quality[k] {
            Quality::Good => true,
            Quality::Bad => false,
            Quality::Short => {
                let b = &blocks[k];
                let p = doc.nodes[b.owner as usize].parent;
                let beside_prose = p != NONE && prose_parent[p as usize];
                if beside_prose && is_clean_short(b) {
                    true
                } else {
                    short_is_kept(b, prev_rated[j], next_rated[j])
                }
            }
        };
    }
    inside
        .into_iter()
        .zip(keep)
        .filter_map(|(k, keep)| keep.then_some(k))
        .collect()
}

/// Teasers for other stories pair a headline link with a snippet:
/// a good block whose neighbour is a short link block, where the smallest
/// element holding both holds no other good block. In a story, a link line
/// between paragraphs shares its parent with many good blocks.
fn demote_teasers(doc: &Document, layout: &Layout, blocks: &[Block], quality: &mut [Quality]) {
    let n = doc.nodes.len();
    let mut good_count = vec![0u32; n];
    for (b, q) in blocks.iter().zip(quality.iter()) {
        if *q == Quality::Good {
            good_count[b.owner as usize] += 1;
        }
    }
    for i in (1..n).rev() {
        let p = doc.nodes[i].parent;
        if p != NONE {
            good_count[p as usize] += good_count[i];
        }
    }
    // One or two links (a share bar or menu has many short ones).
    let is_headline_link = |b: &Block| {
        b.link_density() > 0.5 && b.links <= 2 && (4..=25).contains(&b.words) && b.chars >= 25
    };
    let mut teasers = Vec::new();
    // Snippets found by the wider search count only when there are several:
    // one is as likely a short story under its own linked headline.
    let mut listed = Vec::new();
    for k in 0..blocks.len() {
        if quality[k] != Quality::Good {
            continue;
        }
        // A headline link before the snippet, or a "read more" link after
        // it (a longer link row after a lone paragraph is a share bar).
        let before = k.checked_sub(1).filter(|&j| is_headline_link(&blocks[j]));
        let after = Some(k + 1).filter(|&j| {
            j < blocks.len() && blocks[j].link_density() > 0.5 && blocks[j].words <= 3
        });
        let teaser = [before, after].into_iter().flatten().any(|j| {
            let a = common_ancestor(doc, blocks[k].owner, blocks[j].owner);
            a != NONE && good_count[a as usize] == 1
        });
        if teaser {
            teasers.push(k);
            continue;
        }
        // The headline may sit in a region that was dropped (a `<header>`):
        // look for the nearest ancestor holding a headline link outside the
        // block, within a few levels.
        let owner = blocks[k].owner;
        let own_links = layout.headline_links[owner as usize];
        let mut a = doc.nodes[owner as usize].parent;
        for _ in 0..TEASER_LEVELS {
            if a == NONE {
                break;
            }
            if layout.headline_links[a as usize] > own_links {
                if good_count[a as usize] == 1 {
                    listed.push(k);
                }
                break;
            }
            a = doc.nodes[a as usize].parent;
        }
    }
    if listed.len() >= 2 {
        teasers.extend(listed);
    }
    for k in teasers {
        quality[k] = Quality::Bad;
    }
}

/// Deepest common ancestor of two nodes (ids grow with document order and
/// parents precede children, so the larger id is never the ancestor).
fn common_ancestor(doc: &Document, mut a: NodeId, mut b: NodeId) -> NodeId {
    while a != b {
        if a == NONE || b == NONE {
            return NONE;
        }
        if a > b {
            a = doc.nodes[a as usize].parent;
        } else {
            b = doc.nodes[b as usize].parent;
        }
    }
    a
}

/// Few links, and not a one-word label such as "Advertisement".
fn is_clean_short(b: &Block) -> bool {
    (b.link_density() <= MAX_LINK_DENSITY || is_linked_sentence(b))
        && (b.words > 1 || b.punct > 0 || matches!(b.kind, Kind::Heading(_)))
}

/// A short block stays if it is clean and sits among good blocks: the
/// nearest rated neighbours on each side (skipping other short blocks) are
/// good, or one is good and the other side is the container's edge.
fn short_is_kept(b: &Block, prev: Option<Quality>, next: Option<Quality>) -> bool {
    if !is_clean_short(b) {
        return false;
    }
    match (prev, next) {
        (Some(Quality::Good), Some(Quality::Good)) => true,
        (None, Some(Quality::Good)) => !matches!(b.kind, Kind::Heading(1)),
        (Some(Quality::Good), None) => !matches!(b.kind, Kind::Heading(_)),
        _ => false,
    }
}

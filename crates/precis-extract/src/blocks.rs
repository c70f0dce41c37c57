//! Tree → blocks: the runs of text a reader sees as separate paragraphs.
//!
//! One pass in document order. Skipped elements (scripts, forms, hidden or
//! boilerplate regions) are jumped over whole; every other text node is
//! appended to the block of its nearest block-level ancestor, and a new block
//! starts at each block element, at a change of that ancestor, and at a
//! double `<br>`.

use crate::dom::{Document, NONE, NodeData, NodeId, flags, push_collapsed};
use crate::hints::{self, Hint};
use crate::tag::Tag;

/// What kind of text a block is, from its block-level element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Paragraph,
    Heading(u8),
    ListItem,
    /// A table row, cells separated by spaces.
    Row,
    Preformatted,
}

#[derive(Debug)]
pub(crate) struct Block {
    /// The block-level element the text belongs to.
    pub owner: NodeId,
    pub kind: Kind,
    /// Text with whitespace collapsed; `\n` marks a single `<br>`.
    pub text: String,
    /// Letters, digits and punctuation (no whitespace).
    pub chars: u32,
    /// `chars` with CJK characters counted three times, since one of them
    /// carries about as much as a short word: the measure of length.
    pub weight: u32,
    /// Of `weight`, the part inside links.
    pub link_weight: u32,
    /// Number of links the text is in.
    pub links: u32,
    /// Whitespace-separated words.
    pub words: u32,
    /// Sentence punctuation marks (`.`, `!`, `?`, `。`…) and commas.
    pub punct: u32,
}

impl Block {
    pub(crate) fn link_density(&self) -> f32 {
        if self.weight == 0 {
            0.0
        } else {
            self.link_weight as f32 / self.weight as f32
        }
    }
}

/// Per-node facts computed top-down before segmentation.
pub(crate) struct Layout {
    /// Nearest block-level ancestor-or-self of each node.
    pub owner: Vec<NodeId>,
    /// Node starts a block: a block-level element, or a table cell used
    /// for layout (one holding block-level elements). Cells of data tables
    /// are not, so a data row reads as one line.
    pub block: Vec<bool>,
    /// Node (or an ancestor) is dropped: not text, hidden, or boilerplate.
    pub skipped: Vec<bool>,
    /// The `<a href>` a node is inside, or `NONE`.
    pub link: Vec<NodeId>,
    /// Node is inside a quotation.
    pub quoted: Vec<bool>,
    /// Links of headline length (20+ visible characters) in each subtree,
    /// counted even inside skipped regions.
    pub headline_links: Vec<u32>,
    /// Element's hints name the main content, or it is `<article>`/`<main>`,
    /// `itemprop=articleBody` or role main/article.
    pub content_hint: Vec<bool>,
    /// Inside the story's own header (a `<header>` or boilerplate-named element within the
    /// content that holds the `<h1>`): read, but not body text.
    pub story_header: Vec<bool>,
}

/// Visible text bytes from which a link reads as a headline.
const HEADLINE_LINK_BYTES: u32 = 20;

/// Share of the page's text above which a region is never dropped as
/// boilerplate by its class words alone: it is the page, not a sidebar.
const BOILERPLATE_MAX_SHARE: f32 = 0.4;

impl Layout {
    /// Layout for extraction: boilerplate and hidden regions skipped.
    pub(crate) fn compute(doc: &Document) -> Layout {
        Layout::build(doc, true)
    }

    /// Layout that keeps every element with text content (for the
    /// full-page baseline): only scripts, styles and the like are skipped.
    pub(crate) fn unfiltered(doc: &Document) -> Layout {
        Layout::build(doc, false)
    }

    #[allow(clippy::needless_range_loop)] // parallel per-node arrays
    fn build(doc: &Document, filter: bool) -> Layout {
        let n = doc.nodes.len();
        // Visible text bytes of each subtree, and whether it holds an element
        // that markup names the content; bottom-up (children follow parents).
        let mut text_len = vec![0u32; n];
        // Text of the largest content-named element inside each subtree.
        let mut content_len = vec![0u32; n];
        let mut hint = vec![Hint::Neutral; n];
        let mut headline_links = vec![0u32; n];
        // Subtree holds a block-level element (for telling layout cells).
        let mut has_block = vec![false; n];
        // Subtree holds an `<h1>` (a story's own header holds its headline).
        let mut has_h1 = vec![false; n];
        for i in (0..n).rev() {
            match &doc.nodes[i].data {
                NodeData::Text { start, end } => {
                    let t = &doc.text.as_bytes()[*start as usize..*end as usize];
                    text_len[i] += t.iter().filter(|b| !b.is_ascii_whitespace()).count() as u32;
                }
                NodeData::Element(e) => {
                    if e.tag.is_block() {
                        has_block[i] = true;
                    }
                    if e.tag == Tag::H1 {
                        has_h1[i] = true;
                    }
                    let h = hints::read(&e.hints);
                    hint[i] = h.hint;
                    if e.flags & flags::LINK != 0 && text_len[i] >= HEADLINE_LINK_BYTES {
                        headline_links[i] += 1;
                    }
                    if e.flags & flags::ARTICLE_BODY != 0
                        || e.tag == Tag::Main
                        || e.role == crate::dom::Role::Main
                        || h.article_body
                    {
                        content_len[i] = text_len[i];
                    }
                }
            }
            let p = doc.nodes[i].parent;
            if p != NONE {
                let p = p as usize;
                text_len[p] = text_len[p].saturating_add(text_len[i]);
                content_len[p] = content_len[p].max(content_len[i]);
                headline_links[p] += headline_links[i];
                has_block[p] |= has_block[i];
                has_h1[p] |= has_h1[i];
            }
        }
        let total = text_len.first().copied().unwrap_or(0).max(1) as f32;

        let mut layout = Layout {
            owner: vec![0; n],
            block: vec![false; n],
            skipped: vec![false; n],
            link: vec![NONE; n],
            quoted: vec![false; n],
            content_hint: vec![false; n],
            story_header: vec![false; n],
            headline_links,
        };
        // Inside `<article>`, `<main>` or a content-named element: a `<header>` there is the
        // story's own (headline, standfirst, byline), not the site's.
        let mut in_content = vec![false; n];
        for i in 0..n {
            let p = doc.nodes[i].parent;
            if p != NONE {
                in_content[i] = in_content[p as usize] || layout.content_hint[p as usize];
            }
            let (owner, skipped, link, quoted) = if p == NONE {
                (0, false, NONE, false)
            } else {
                let p = p as usize;
                (
                    layout.owner[p],
                    layout.skipped[p],
                    layout.link[p],
                    layout.quoted[p],
                )
            };
            layout.owner[i] = owner;
            layout.skipped[i] = skipped;
            if p != NONE {
                layout.story_header[i] = layout.story_header[p as usize];
            }
            layout.link[i] = link;
            layout.quoted[i] = quoted;
            if skipped {
                continue;
            }
            let Some(e) = doc.element(i as NodeId) else {
                continue;
            };
            let cell = matches!(e.tag, Tag::Td | Tag::Th);
            if e.tag.is_block() || (cell && has_block[i]) {
                layout.block[i] = true;
                layout.owner[i] = i as NodeId;
            }
            if e.flags & flags::LINK != 0 {
                layout.link[i] = i as NodeId;
            }
            if matches!(e.tag, Tag::Blockquote | Tag::Q) {
                layout.quoted[i] = true;
            }
            let hint = hint[i];
            layout.content_hint[i] = hint == Hint::Content
                || e.flags & flags::ARTICLE_BODY != 0
                || matches!(e.tag, Tag::Article | Tag::Main)
                || matches!(e.role, crate::dom::Role::Main | crate::dom::Role::Article);
            let boilerplate_tag = matches!(
                e.tag,
                Tag::Nav
                    | Tag::Aside
                    | Tag::Footer
                    | Tag::Header
                    | Tag::Figure
                    | Tag::Figcaption
                    | Tag::Menu
                    | Tag::Address
                    | Tag::Form
            );
            let boilerplate = (hint == Hint::Boilerplate
                || boilerplate_tag
                || e.role == crate::dom::Role::Boilerplate)
                // A region named boilerplate that is mostly a content-named
                // element is a wrapper around the article, not boilerplate.
                && content_len[i] * 3 < text_len[i]
                && (text_len[i] as f32) < BOILERPLATE_MAX_SHARE * total;
            // The story's own header (boilerplate by name, but inside the content and holding the
            // headline) is read, so that its standfirst can be found; its blocks are marked as
            // not body text (see `select::standfirst`).
            let story_header = boilerplate && in_content[i] && has_h1[i];
            layout.story_header[i] |= story_header;
            let boilerplate = boilerplate && !story_header;
            let raw = matches!(
                e.tag,
                Tag::Script | Tag::Style | Tag::Noscript | Tag::Template | Tag::Head | Tag::Title
            );
            if raw
                || (filter && (e.tag.is_skipped() || e.flags & flags::HIDDEN != 0 || boilerplate))
            {
                layout.skipped[i] = true;
            }
        }
        layout
    }
}

/// Cut the document into blocks.
pub(crate) fn segment(doc: &Document, layout: &Layout) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut cur = Builder::new(NONE);
    let n = doc.nodes.len();
    let mut i = 0usize;
    while i < n {
        let id = i as NodeId;
        if layout.skipped[i] {
            cur.flush(doc, &mut blocks);
            i = doc.subtree_end(id);
            continue;
        }
        match &doc.nodes[i].data {
            NodeData::Element(e) => {
                if e.tag == Tag::Br {
                    if cur.text.ends_with('\n') {
                        cur.flush(doc, &mut blocks);
                    } else if !cur.text.is_empty() {
                        let trimmed = cur.text.trim_end().len();
                        cur.text.truncate(trimmed);
                        cur.text.push('\n');
                    }
                } else if layout.block[i] {
                    cur.flush(doc, &mut blocks);
                } else if matches!(e.tag, Tag::Img | Tag::Td | Tag::Th) && !cur.text.is_empty() {
                    // Cells of a row, and inline images, separate words.
                    push_collapsed(&mut cur.text, " ");
                }
            }
            NodeData::Text { .. } => {
                let owner = layout.owner[i];
                if owner != cur.owner {
                    cur.flush(doc, &mut blocks);
                    cur.owner = owner;
                }
                let text = doc.text_of(id).unwrap_or("");
                let before = cur.text.len();
                push_collapsed(&mut cur.text, text);
                let link = layout.link[i];
                if link != NONE {
                    if link != cur.last_link {
                        cur.links += 1;
                        cur.last_link = link;
                    }
                    cur.link_weight += measure(&cur.text[before..]).1;
                }
            }
        }
        i += 1;
    }
    cur.flush(doc, &mut blocks);
    blocks
}

/// Visible characters and their weight (see [`Block::weight`]).
fn measure(s: &str) -> (u32, u32) {
    let mut chars = 0;
    let mut weight = 0;
    for c in s.chars() {
        if !c.is_whitespace() {
            chars += 1;
            weight += if is_cjk(c) { 3 } else { 1 };
        }
    }
    (chars, weight)
}

/// Han, kana and hangul: scripts written without spaces between words.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF
            | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

struct Builder {
    owner: NodeId,
    text: String,
    link_weight: u32,
    links: u32,
    last_link: NodeId,
}

impl Builder {
    fn new(owner: NodeId) -> Builder {
        Builder {
            owner,
            text: String::new(),
            link_weight: 0,
            links: 0,
            last_link: NONE,
        }
    }

    fn flush(&mut self, doc: &Document, out: &mut Vec<Block>) {
        let text = self.text.trim();
        // Escaped markup shown as text (`&lt;img …&gt;` in a saved page) is
        // never prose.
        let markup = text.starts_with('<') && text.ends_with('>');
        if !text.is_empty() && !markup && self.owner != NONE {
            let owner = self.owner;
            let kind = match doc.tag(owner) {
                Some(Tag::H1) => Kind::Heading(1),
                Some(Tag::H2) => Kind::Heading(2),
                Some(Tag::H3) => Kind::Heading(3),
                Some(Tag::H4) => Kind::Heading(4),
                Some(Tag::H5) => Kind::Heading(5),
                Some(Tag::H6) => Kind::Heading(6),
                Some(Tag::Li | Tag::Dd | Tag::Dt) => Kind::ListItem,
                Some(Tag::Tr) => Kind::Row,
                Some(Tag::Pre) => Kind::Preformatted,
                _ => Kind::Paragraph,
            };
            let (chars, weight) = measure(text);
            let mut punct = 0u32;
            for c in text.chars() {
                if matches!(
                    c,
                    '.' | ','
                        | '!'
                        | '?'
                        | ';'
                        | ':'
                        | '。'
                        | '、'
                        | '，'
                        | '！'
                        | '？'
                        | '؟'
                        | '،'
                        | '।'
                ) {
                    punct += 1;
                }
            }
            out.push(Block {
                owner,
                kind,
                words: text.split_whitespace().count() as u32,
                text: text.to_string(),
                chars,
                weight,
                link_weight: self.link_weight.min(weight),
                links: self.links,
                punct,
            });
        }
        self.text.clear();
        self.link_weight = 0;
        self.links = 0;
        self.last_link = NONE;
    }
}

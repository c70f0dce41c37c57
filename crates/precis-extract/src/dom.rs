//! A compact document tree built from html5ever's tokenizer.
//!
//! html5ever's full tree builder (as used by `scraper`) costs about as much
//! as the whole extraction budget, so the extractor runs html5ever's
//! spec-compliant *tokenizer* and builds this arena itself with the parts of
//! HTML tree construction that matter for reading text: void elements,
//! implied end tags (`p`, `li`, `dt`/`dd`, table cells, headings, options),
//! scoped end-tag matching, and raw-text elements. Formatting-element
//! reconstruction (the adoption agency) is left out: it moves no text.
//!
//! Nodes are stored in document order (a parent always precedes its
//! children), so subtree sums are one reverse pass and nothing recurses.
//! Tree depth is capped like browsers do: deeper elements become siblings.

use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Instant;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag as HtmlTag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer,
    TokenizerOpts,
};
use html5ever::{LocalName, local_name};

use crate::attributes;
use crate::metadata::{Head, MAX_LD_BYTES};
use crate::tag::{TAG_COUNT, Tag};

/// Index of a node in [`Document::nodes`].
pub(crate) type NodeId = u32;
/// "No node" in the sibling/child links.
pub(crate) const NONE: NodeId = u32::MAX;

/// Deeper elements are attached at this depth (Blink uses 512 as well).
const MAX_DEPTH: usize = 512;
/// How far down the open-element stack an end tag looks for its start tag;
/// bounds the work per tag on pathological input.
const MAX_END_TAG_SCAN: usize = 1024;

#[derive(Debug)]
pub(crate) struct Node {
    pub parent: NodeId,
    pub first_child: NodeId,
    pub last_child: NodeId,
    pub next_sibling: NodeId,
    pub data: NodeData,
}

#[derive(Debug)]
pub(crate) enum NodeData {
    Element(Element),
    /// A run of text: a byte range of [`Document::text`].
    Text {
        start: u32,
        end: u32,
    },
}

/// Element flags from attributes.
pub(crate) mod flags {
    /// `hidden`, `aria-hidden="true"` or an inline `display:none`.
    pub const HIDDEN: u16 = 1;
    /// `itemprop="articleBody"` (schema.org).
    pub const ARTICLE_BODY: u16 = 2;
    /// `itemtype` of a schema.org article type.
    pub const ARTICLE_TYPE: u16 = 4;
    /// An `<a>` with an `href`.
    pub const LINK: u16 = 8;
}

/// ARIA landmark roles that say what a region is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    None,
    Main,
    Article,
    /// navigation, banner, contentinfo, complementary, menu, search, dialog…
    Boilerplate,
}

#[derive(Debug)]
pub(crate) struct Element {
    pub tag: Tag,
    /// Original name; only needed to match end tags of [`Tag::Other`].
    pub name: LocalName,
    /// `class` and `id` values, lower-cased, space separated.
    pub hints: Box<str>,
    pub flags: u16,
    pub role: Role,
}

/// A parsed page.
#[derive(Debug)]
pub(crate) struct Document {
    pub nodes: Vec<Node>,
    /// All text content; text nodes are ranges of it.
    pub text: String,
    /// Per node, one past its last descendant (see [`Document::subtree_end`]).
    subtree_end: Vec<u32>,
    /// Content of the first `<title>`.
    pub title: String,
    /// `og:title`, `twitter:title` or `<meta name=title>`.
    pub meta_title: Option<String>,
    /// Evidence for the article's metadata (authors, date…).
    pub head: Head,
}

/// Bytes handed to the tokenizer at a time by [`Document::parse_until`]: the deadline is looked
/// at between two of them (a few milliseconds of tokenizing).
const FEED_CHUNK: usize = 256 * 1024;

impl Document {
    pub(crate) fn parse(html: &str) -> Document {
        Document::parse_chunked(html, usize::MAX, None).0
    }

    /// [`Document::parse`] that gives up (`None`) once `deadline` passes.
    pub(crate) fn parse_until(html: &str, deadline: Option<Instant>) -> Option<Document> {
        match Document::parse_chunked(html, FEED_CHUNK, deadline) {
            (doc, true) => Some(doc),
            (_, false) => None,
        }
    }

    /// The parse, feeding the tokenizer `chunk` bytes at a time (it keeps its state between
    /// feeds, so the tree is the same whatever the chunk; a test checks that) and looking at
    /// `deadline` between feeds; the tree and whether the whole page was read.
    fn parse_chunked(html: &str, chunk: usize, deadline: Option<Instant>) -> (Document, bool) {
        // The tokenizer's duplicate-attribute check is quadratic in a tag's attributes.
        let capped = attributes::cap(html, attributes::MAX_ATTRIBUTES);
        // Text offsets are u32: read at most 4 GiB (at a char boundary).
        let mut html = &*capped;
        if html.len() >= u32::MAX as usize {
            let mut end = u32::MAX as usize - 1;
            while !html.is_char_boundary(end) {
                end -= 1;
            }
            html = &html[..end];
        }
        let sink = Sink(RefCell::new(Builder::new(html.len())));
        let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
        let input = BufferQueue::default();
        let mut rest = html;
        while !rest.is_empty() {
            if deadline.is_some_and(|d| Instant::now() >= d) {
                break;
            }
            // Cut right after a `>` (the end of a tag, mostly), so that no text run is split,
            // unless none comes within four chunks.
            let mut end = chunk.min(rest.len());
            let reach = chunk.saturating_mul(4).min(rest.len());
            match rest.as_bytes()[end..reach].iter().position(|&b| b == b'>') {
                Some(k) => end += k + 1,
                None => {
                    end = reach;
                    while !rest.is_char_boundary(end) {
                        end += 1;
                    }
                }
            }
            input.push_back(StrTendril::from_slice(&rest[..end]));
            rest = &rest[end..];
            // The sink never asks to pause for scripts, so one feed reads the whole chunk.
            let _ = tokenizer.feed(&input);
        }
        tokenizer.end();
        let mut doc = tokenizer.sink.0.into_inner().doc;
        // Children follow their parents, so one reverse pass finds ends.
        let n = doc.nodes.len();
        let mut end: Vec<u32> = (1..=n as u32).collect();
        for i in (1..n).rev() {
            let p = doc.nodes[i].parent as usize;
            end[p] = end[p].max(end[i]);
        }
        doc.subtree_end = end;
        (doc, rest.is_empty())
    }

    /// The element `id`, or `None` for a text node or no node at all ([`NONE`], the parent of
    /// the root): a walk up the tree ends there instead of indexing past the nodes.
    pub(crate) fn element(&self, id: NodeId) -> Option<&Element> {
        match &self.nodes.get(id as usize)?.data {
            NodeData::Element(e) => Some(e),
            NodeData::Text { .. } => None,
        }
    }

    pub(crate) fn tag(&self, id: NodeId) -> Option<Tag> {
        self.element(id).map(|e| e.tag)
    }

    pub(crate) fn text_of(&self, id: NodeId) -> Option<&str> {
        match self.nodes.get(id as usize)?.data {
            NodeData::Text { start, end } => Some(&self.text[start as usize..end as usize]),
            NodeData::Element(_) => None,
        }
    }

    /// Children of a node, in order.
    #[cfg(test)]
    pub(crate) fn children(&self, id: NodeId) -> Children<'_> {
        Children {
            doc: self,
            next: self.nodes[id as usize].first_child,
        }
    }

    /// One past the last node of the subtree of `id`: the subtree is the
    /// id range `id..subtree_end(id)`, since nodes are in document order.
    pub(crate) fn subtree_end(&self, id: NodeId) -> usize {
        self.subtree_end[id as usize] as usize
    }

    /// Text of a subtree with whitespace collapsed (for titles and headings).
    pub(crate) fn collapsed_text(&self, id: NodeId) -> String {
        let end = self.subtree_end(id);
        let mut out = String::new();
        for i in id as usize..end {
            if let Some(t) = self.text_of(i as NodeId) {
                push_collapsed(&mut out, t);
            }
        }
        out.trim_end().to_string()
    }
}

/// Append `text` to `out`, collapsing runs of whitespace to one space and
/// dropping leading whitespace when `out` already ends in a space (or is empty).
pub(crate) fn push_collapsed(out: &mut String, text: &str) {
    let mut space = out.is_empty() || out.ends_with(' ') || out.ends_with('\n');
    for c in text.chars() {
        if c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}' || c == '\u{feff}' {
            if !space {
                out.push(' ');
                space = true;
            }
        } else {
            out.push(c);
            space = false;
        }
    }
}

#[cfg(test)]
pub(crate) struct Children<'a> {
    doc: &'a Document,
    next: NodeId,
}

#[cfg(test)]
impl Iterator for Children<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        if self.next == NONE {
            return None;
        }
        let id = self.next;
        self.next = self.doc.nodes[id as usize].next_sibling;
        Some(id)
    }
}

/// What the builder does with raw text it is inside of.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RawTarget {
    None,
    Discard,
    Title,
    /// A JSON-LD `<script>`, kept for the metadata.
    LdJson,
}

struct Builder {
    doc: Document,
    /// Open elements, innermost last.
    stack: Vec<NodeId>,
    /// Open elements per tag, so an end tag with nothing to close is O(1).
    open: [u32; TAG_COUNT],
    open_other: HashMap<LocalName, u32>,
    raw: RawTarget,
    raw_buf: String,
    seen_title: bool,
    seen_body: bool,
}

impl Builder {
    fn new(input_len: usize) -> Builder {
        let root = Node {
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            data: NodeData::Element(Element {
                tag: Tag::Root,
                name: local_name!(""),
                hints: "".into(),
                flags: 0,
                role: Role::None,
            }),
        };
        let mut nodes = Vec::with_capacity(input_len / 40 + 16);
        nodes.push(root);
        Builder {
            doc: Document {
                nodes,
                text: String::with_capacity(input_len / 4),
                subtree_end: Vec::new(),
                title: String::new(),
                meta_title: None,
                head: Head::default(),
            },
            stack: vec![0],
            open: [0; TAG_COUNT],
            open_other: HashMap::new(),
            raw: RawTarget::None,
            raw_buf: String::new(),
            seen_title: false,
            seen_body: false,
        }
    }

    fn parent(&self) -> NodeId {
        self.stack[self.stack.len().min(MAX_DEPTH) - 1]
    }

    fn append(&mut self, data: NodeData) -> NodeId {
        let parent = self.parent();
        let id = self.doc.nodes.len() as NodeId;
        self.doc.nodes.push(Node {
            parent,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            data,
        });
        let p = &mut self.doc.nodes[parent as usize];
        let prev = p.last_child;
        p.last_child = id;
        if prev == NONE {
            p.first_child = id;
        } else {
            self.doc.nodes[prev as usize].next_sibling = id;
        }
        id
    }

    fn current_tag(&self) -> Tag {
        let id = *self.stack.last().unwrap_or(&0);
        self.doc.tag(id).unwrap_or(Tag::Root)
    }

    fn pop(&mut self) {
        if self.stack.len() <= 1 {
            return;
        }
        let id = self.stack.pop().unwrap_or(0);
        if let Some(e) = self.doc.element(id) {
            if e.tag == Tag::Other {
                if let Some(n) = self.open_other.get_mut(&e.name) {
                    *n = n.saturating_sub(1);
                }
            } else {
                let n = &mut self.open[e.tag as usize];
                *n = n.saturating_sub(1);
            }
        }
    }

    fn open_count(&self, tag: Tag, name: &LocalName) -> u32 {
        if tag == Tag::Other {
            self.open_other.get(name).copied().unwrap_or(0)
        } else {
            self.open[tag as usize]
        }
    }

    /// Find the innermost open element matching `want`, scanning no further
    /// than `stop` allows; pop it and everything above it. Returns whether
    /// something was closed.
    fn close_matching(
        &mut self,
        want: impl Fn(&Element) -> bool,
        stop: impl Fn(&Element) -> bool,
    ) -> bool {
        let len = self.stack.len();
        for depth in 1..len.min(MAX_END_TAG_SCAN) {
            let id = self.stack[len - depth];
            let Some(e) = self.doc.element(id) else {
                return false;
            };
            if want(e) {
                while self.stack.len() > len - depth {
                    self.pop();
                }
                return true;
            }
            if stop(e) {
                return false;
            }
        }
        false
    }

    fn close_tag_in_scope(&mut self, tag: Tag, extra_stop: &[Tag]) {
        if self.open[tag as usize] == 0 {
            return;
        }
        self.close_matching(
            |e| e.tag == tag,
            |e| e.tag.is_scope_boundary() || extra_stop.contains(&e.tag),
        );
    }

    fn start_tag(&mut self, t: HtmlTag) -> TokenSinkResult<()> {
        let tag = Tag::from_name(&t.name);
        match tag {
            Tag::Meta => {
                self.meta(&t);
                self.doc.head.meta(&t);
                return TokenSinkResult::Continue;
            }
            Tag::Html => {
                self.doc.head.html(&t);
                return TokenSinkResult::Continue;
            }
            Tag::Link => self.doc.head.link(&t),
            Tag::Head => return TokenSinkResult::Continue,
            Tag::Body if self.seen_body => return TokenSinkResult::Continue,
            Tag::Body => self.seen_body = true,
            _ => {}
        }

        // Implied end tags.
        if tag.closes_p() {
            self.close_tag_in_scope(Tag::P, &[Tag::Button]);
        }
        match tag {
            Tag::Li => self.close_list_item(&[Tag::Li]),
            Tag::Dt | Tag::Dd => self.close_list_item(&[Tag::Dt, Tag::Dd]),
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6
                if self.current_tag().is_heading() =>
            {
                self.pop();
            }
            Tag::Tr => {
                self.close_tag_in_scope(Tag::Tr, &[]);
            }
            Tag::Td | Tag::Th => {
                for cell in [Tag::Td, Tag::Th] {
                    self.close_tag_in_scope(cell, &[Tag::Tr]);
                }
            }
            Tag::Option | Tag::Optgroup if self.current_tag() == Tag::Option => self.pop(),
            Tag::A => {
                self.close_tag_in_scope(Tag::A, &[]);
            }
            _ => {}
        }

        let element = element_from(tag, &t);
        let id = self.append(NodeData::Element(element));
        self.doc.head.element(id, tag, &t);
        // Self-closing syntax means nothing on HTML elements (`<div/>` is an
        // open div), but we honour it on unknown ones (SVG-ish or custom).
        let push = !(tag.is_void() || (tag == Tag::Other && t.self_closing));
        if push {
            self.stack.push(id);
            if tag == Tag::Other {
                *self.open_other.entry(t.name.clone()).or_insert(0) += 1;
            } else {
                self.open[tag as usize] += 1;
            }
        }

        let raw = match tag {
            Tag::Script if self.doc.head.wants_script(&t) => {
                Some((RawKind::ScriptData, RawTarget::LdJson))
            }
            Tag::Script => Some((RawKind::ScriptData, RawTarget::Discard)),
            Tag::Style | Tag::Xmp | Tag::Iframe | Tag::Noscript => {
                Some((RawKind::Rawtext, RawTarget::Discard))
            }
            Tag::Textarea => Some((RawKind::Rcdata, RawTarget::Discard)),
            Tag::Title => Some((RawKind::Rcdata, RawTarget::Title)),
            Tag::Plaintext => return TokenSinkResult::Plaintext,
            _ => None,
        };
        if let Some((kind, mut target)) = raw {
            if target == RawTarget::Title && self.seen_title {
                target = RawTarget::Discard;
            }
            self.raw = target;
            self.raw_buf.clear();
            return TokenSinkResult::RawData(kind);
        }
        TokenSinkResult::Continue
    }

    fn close_list_item(&mut self, items: &[Tag]) {
        if items.iter().all(|&t| self.open[t as usize] == 0) {
            return;
        }
        self.close_matching(
            |e| items.contains(&e.tag),
            |e| {
                matches!(e.tag, Tag::Ul | Tag::Ol | Tag::Dl)
                    || e.tag.is_scope_boundary()
                    || (e.tag.is_special() && !matches!(e.tag, Tag::Address | Tag::Div | Tag::P))
            },
        );
    }

    fn end_tag(&mut self, t: HtmlTag) {
        let tag = Tag::from_name(&t.name);
        match tag {
            Tag::Br => {
                // `</br>` is parsed as `<br>`.
                self.append(NodeData::Element(element_from(Tag::Br, &t)));
                return;
            }
            Tag::Html | Tag::Body | Tag::Head => return,
            _ => {}
        }
        if self.raw != RawTarget::None {
            self.finish_raw();
        }
        if self.open_count(tag, &t.name) == 0 {
            return;
        }
        let name = t.name;
        if tag.is_special() {
            self.close_matching(|e| e.tag == tag, |e| e.tag.is_scope_boundary());
        } else if tag == Tag::Other {
            self.close_matching(
                |e| e.tag == Tag::Other && e.name == name,
                |e| e.tag.is_special(),
            );
        } else {
            self.close_matching(|e| e.tag == tag, |e| e.tag.is_special());
        }
    }

    fn finish_raw(&mut self) {
        match self.raw {
            RawTarget::Title => {
                self.doc.title = std::mem::take(&mut self.raw_buf);
                self.seen_title = true;
            }
            RawTarget::LdJson => self.doc.head.ld_json(std::mem::take(&mut self.raw_buf)),
            RawTarget::None | RawTarget::Discard => {}
        }
        self.raw = RawTarget::None;
    }

    fn characters(&mut self, s: &str) {
        match self.raw {
            RawTarget::None => {}
            RawTarget::Discard => return,
            RawTarget::Title => {
                self.raw_buf.push_str(s);
                return;
            }
            RawTarget::LdJson => {
                if self.raw_buf.len() + s.len() <= MAX_LD_BYTES {
                    self.raw_buf.push_str(s);
                }
                return;
            }
        }
        let start = self.doc.text.len() as u32;
        let parent = self.parent();
        let last = self.doc.nodes[parent as usize].last_child;
        let continues = last != NONE
            && matches!(self.doc.nodes[last as usize].data, NodeData::Text { end, .. } if end == start);
        // White space between top-level elements is no text; white space that continues a text
        // run is (the tokenizer may hand one run over in pieces).
        if self.stack.len() == 1 && !continues && s.trim().is_empty() {
            return;
        }
        self.doc.text.push_str(s);
        let end = self.doc.text.len() as u32;
        if continues {
            if let NodeData::Text { end: e, .. } = &mut self.doc.nodes[last as usize].data {
                *e = end;
            }
            return;
        }
        self.append(NodeData::Text { start, end });
    }

    fn meta(&mut self, t: &HtmlTag) {
        let mut key = None;
        let mut content = None;
        for a in &t.attrs {
            match &*a.name.local {
                "property" | "name" => key = Some(a.value.to_ascii_lowercase()),
                "content" => content = Some(&a.value),
                _ => {}
            }
        }
        if let (Some(key), Some(content)) = (key, content) {
            let better = match key.as_str() {
                "og:title" => true,
                "twitter:title" | "title" | "dc.title" => self.doc.meta_title.is_none(),
                _ => false,
            };
            if better && !content.trim().is_empty() {
                self.doc.meta_title = Some(content.trim().to_string());
            }
        }
    }
}

fn element_from(tag: Tag, t: &HtmlTag) -> Element {
    let mut hints = String::new();
    let mut flags = 0u16;
    let mut role = Role::None;
    for a in &t.attrs {
        let v = &*a.value;
        match &*a.name.local {
            "class" | "id" => {
                if !hints.is_empty() {
                    hints.push(' ');
                }
                // `shareBar` → `share-bar`, so words can be matched later.
                let mut prev_lower = false;
                for c in v.chars() {
                    if c.is_ascii_uppercase() && prev_lower {
                        hints.push('-');
                    }
                    prev_lower = c.is_ascii_lowercase();
                    hints.push(c.to_ascii_lowercase());
                }
            }
            "hidden" => flags |= flags::HIDDEN,
            "aria-hidden" if v.trim().eq_ignore_ascii_case("true") => flags |= flags::HIDDEN,
            "style" if hides(v) => flags |= flags::HIDDEN,
            "itemprop" if contains_ci(v, "articlebody") => flags |= flags::ARTICLE_BODY,
            "itemtype"
                if contains_ci(v, "article")
                    || contains_ci(v, "blogposting")
                    || contains_ci(v, "reportage") =>
            {
                flags |= flags::ARTICLE_TYPE
            }
            "href" if tag == Tag::A => flags |= flags::LINK,
            "role" => {
                role = match v.trim().to_ascii_lowercase().as_str() {
                    "main" => Role::Main,
                    "article" => Role::Article,
                    "navigation" | "banner" | "contentinfo" | "complementary" | "menu"
                    | "menubar" | "search" | "dialog" | "alertdialog" | "toolbar" | "tablist" => {
                        Role::Boilerplate
                    }
                    _ => Role::None,
                }
            }
            _ => {}
        }
    }
    Element {
        tag,
        name: t.name.clone(),
        hints: hints.into_boxed_str(),
        flags,
        role,
    }
}

fn hides(style: &str) -> bool {
    let s: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    s.contains("display:none") || s.contains("visibility:hidden")
}

fn contains_ci(hay: &str, needle: &str) -> bool {
    hay.to_ascii_lowercase().contains(needle)
}

struct Sink(RefCell<Builder>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut b = self.0.borrow_mut();
        match token {
            Token::TagToken(t) => match t.kind {
                TagKind::StartTag => return b.start_tag(t),
                TagKind::EndTag => b.end_tag(t),
            },
            Token::CharacterTokens(s) => b.characters(&s),
            Token::EOFToken => {
                if b.raw != RawTarget::None {
                    b.finish_raw();
                }
            }
            Token::NullCharacterToken
            | Token::CommentToken(_)
            | Token::DoctypeToken(_)
            | Token::ParseError(_) => {}
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree as an s-expression of tag names and text, for assertions.
    fn shape(doc: &Document, id: NodeId) -> String {
        let mut out = String::new();
        for c in doc.children(id) {
            match &doc.nodes[c as usize].data {
                NodeData::Text { .. } => out.push_str(&format!("'{}'", doc.text_of(c).unwrap())),
                NodeData::Element(e) => out.push_str(&format!("({:?}{})", e.tag, {
                    let inner = shape(doc, c);
                    if inner.is_empty() {
                        inner
                    } else {
                        format!(" {inner}")
                    }
                })),
            }
        }
        out
    }

    /// Feeding the tokenizer in pieces (as `parse_until` does) builds the same tree, whatever
    /// falls on a boundary: a tag, an entity, a CR LF, a raw-text element, a multi-byte char.
    #[test]
    fn chunked_feeding_builds_the_same_tree() {
        let pages = [
            "<html><head><title>Storm &amp; flood</title><meta property=\"og:title\" content=\"Storm\">\
             <script type=\"application/ld+json\">{\"author\": \"J. Smith\"}</script></head>\r\n\
             <body><article class=\"story\"><h1>Storm</h1><p>The storm hit the coast on Monday,\r\n\
             the service said &mdash; and thousands lost power.</p><p>Schools reopen on Thursday \
             &#8212; caf\u{e9}s too, \u{65e5}\u{672c}.</p><style>p{}</style><!-- a comment -->\
             <ul><li>one<li>two</ul><table><tr><td>cell</table></article></body></html>",
            "top-level text <p>and a paragraph <b>bold <i>both</b> after</p>  \n <br/> tail",
            "<div><div><p>Nested text that goes on for a while, with a comma.</p></div></div>",
        ];
        for page in pages {
            let whole = format!("{:?}", Document::parse(page));
            for chunk in 1..=17 {
                let (doc, complete) = Document::parse_chunked(page, chunk, None);
                assert!(complete);
                assert_eq!(format!("{doc:?}"), whole, "chunk {chunk}: {page}");
            }
        }
    }

    #[test]
    fn a_passed_deadline_stops_the_parse() {
        let page = "<p>The storm hit the coast on Monday.</p>".repeat(20_000);
        assert!(Document::parse_until(&page, Some(Instant::now())).is_none());
        let later = Instant::now() + std::time::Duration::from_secs(600);
        assert!(Document::parse_until(&page, Some(later)).is_some());
    }

    #[test]
    fn implied_end_tags() {
        let doc = Document::parse("<body><p>a<p>b<div>c</div><ul><li>x<li>y</ul>");
        assert_eq!(
            shape(&doc, 0),
            "(Body (P 'a')(P 'b')(Div 'c')(Ul (Li 'x')(Li 'y')))"
        );
    }

    #[test]
    fn stray_end_tags_are_ignored() {
        let doc = Document::parse("<div><span>a</div></span></p>b</div>");
        assert_eq!(shape(&doc, 0), "(Div (Span 'a'))'b'");
    }

    #[test]
    fn inline_end_tag_does_not_cross_a_block() {
        let doc = Document::parse("<b><div>a</b>c</div>");
        assert_eq!(shape(&doc, 0), "(B (Div 'ac'))");
    }

    #[test]
    fn script_style_and_title_are_raw() {
        let doc = Document::parse(
            "<title>T &amp; U</title><script>var s='</div><p>no';</script>\
             <style>p{}</style><p>yes &eacute;</p>\
             <script type=\"application/ld+json\">{\"a\":1}</script>",
        );
        assert_eq!(doc.title, "T & U");
        assert_eq!(shape(&doc, 0), "(Title)(Script)(Style)(P 'yes é')(Script)");
    }

    #[test]
    fn attributes_become_hints_and_flags() {
        let doc = Document::parse(
            "<div class='Share-Bar x' id=Top hidden role=navigation itemprop=articleBody>",
        );
        let e = doc.element(1).unwrap();
        assert_eq!(&*e.hints, "share-bar x top");
        assert_eq!(e.flags, flags::HIDDEN | flags::ARTICLE_BODY);
        assert_eq!(e.role, Role::Boilerplate);
    }

    #[test]
    fn meta_title() {
        let doc =
            Document::parse("<meta name=title content=a><meta property='og:title' content=' b '>");
        assert_eq!(doc.meta_title.as_deref(), Some("b"));
    }

    #[test]
    fn deep_nesting_is_capped_not_recursive() {
        let n = 100_000;
        let html = format!("{}x{}", "<div>".repeat(n), "</div>".repeat(n));
        let doc = Document::parse(&html);
        assert_eq!(doc.nodes.len(), n + 2);
        let mut depth = 0;
        let mut id = (doc.nodes.len() - 1) as NodeId;
        while doc.nodes[id as usize].parent != NONE {
            id = doc.nodes[id as usize].parent;
            depth += 1;
        }
        assert!(depth <= MAX_DEPTH + 1, "depth {depth}");
    }
}

//! The HTML element names the extractor reasons about, as a small enum.

macro_rules! tags {
    ($($variant:ident = $name:literal),* $(,)?) => {
        /// An HTML element name; everything not listed is [`Tag::Other`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        pub(crate) enum Tag {
            $($variant,)*
            Other,
            /// The document node at the root of the tree.
            Root,
        }

        /// Number of `Tag` values, for per-tag arrays.
        pub(crate) const TAG_COUNT: usize = Tag::Root as usize + 1;

        impl Tag {
            pub(crate) fn from_name(name: &str) -> Tag {
                match name {
                    $($name => Tag::$variant,)*
                    _ => Tag::Other,
                }
            }
        }
    };
}

tags! {
    A = "a", Abbr = "abbr", Address = "address", Applet = "applet", Area = "area",
    Article = "article", Aside = "aside", Audio = "audio", B = "b", Base = "base",
    Blockquote = "blockquote", Body = "body", Br = "br", Button = "button",
    Canvas = "canvas", Caption = "caption", Center = "center", Cite = "cite",
    Code = "code", Col = "col", Colgroup = "colgroup", Dd = "dd", Details = "details",
    Dialog = "dialog", Dir = "dir", Div = "div", Dl = "dl", Dt = "dt", Em = "em",
    Embed = "embed", Fieldset = "fieldset", Figcaption = "figcaption", Figure = "figure",
    Font = "font", Footer = "footer", Form = "form", H1 = "h1", H2 = "h2", H3 = "h3",
    H4 = "h4", H5 = "h5", H6 = "h6", Head = "head", Header = "header", Hgroup = "hgroup",
    Hr = "hr", Html = "html", I = "i", Iframe = "iframe", Img = "img", Input = "input",
    Label = "label", Legend = "legend", Li = "li", Link = "link", Main = "main",
    Map = "map", Marquee = "marquee", Math = "math", Menu = "menu", Meta = "meta",
    Nav = "nav", Noscript = "noscript", Object = "object", Ol = "ol", Optgroup = "optgroup",
    Option = "option", P = "p", Param = "param", Picture = "picture", Plaintext = "plaintext",
    Pre = "pre", Q = "q", S = "s", Script = "script", Section = "section", Select = "select",
    Small = "small", Source = "source", Span = "span", Strong = "strong", Style = "style",
    Sub = "sub", Summary = "summary", Sup = "sup", Svg = "svg", Table = "table",
    Tbody = "tbody", Td = "td", Template = "template", Textarea = "textarea",
    Tfoot = "tfoot", Th = "th", Thead = "thead", Time = "time", Title = "title",
    Tr = "tr", Track = "track", U = "u", Ul = "ul", Video = "video", Wbr = "wbr",
    Xmp = "xmp",
}

impl Tag {
    /// Elements that never have content or an end tag.
    pub(crate) fn is_void(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Area | Base
                | Br
                | Col
                | Embed
                | Hr
                | Img
                | Input
                | Link
                | Meta
                | Param
                | Source
                | Track
                | Wbr
        )
    }

    /// Start tags that close an open `<p>` (HTML tree construction).
    pub(crate) fn closes_p(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Address
                | Article
                | Aside
                | Blockquote
                | Center
                | Details
                | Dialog
                | Dir
                | Div
                | Dl
                | Fieldset
                | Figcaption
                | Figure
                | Footer
                | Form
                | H1
                | H2
                | H3
                | H4
                | H5
                | H6
                | Header
                | Hgroup
                | Hr
                | Main
                | Menu
                | Nav
                | Ol
                | P
                | Pre
                | Section
                | Summary
                | Table
                | Ul
                | Xmp
                | Plaintext
                | Li
                | Dd
                | Dt
        )
    }

    /// Elements of the "special" category: an unmatched inline end tag
    /// does not close across them.
    pub(crate) fn is_special(self) -> bool {
        use Tag::*;
        self.closes_p()
            || matches!(
                self,
                Applet
                    | Body
                    | Button
                    | Caption
                    | Html
                    | Iframe
                    | Marquee
                    | Object
                    | Select
                    | Table
                    | Tbody
                    | Td
                    | Template
                    | Textarea
                    | Tfoot
                    | Th
                    | Thead
                    | Tr
                    | Root
            )
    }

    /// Boundaries of the default scope: a block end tag does not close across them.
    pub(crate) fn is_scope_boundary(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Applet | Caption | Html | Table | Td | Th | Marquee | Object | Template | Root
        )
    }

    pub(crate) fn is_heading(self) -> bool {
        use Tag::*;
        matches!(self, H1 | H2 | H3 | H4 | H5 | H6)
    }

    /// Elements whose start and end break the flow of text into a new block.
    /// Table cells are not: a row reads as one line.
    pub(crate) fn is_block(self) -> bool {
        use Tag::*;
        self.closes_p()
            || matches!(
                self,
                Body | Html
                    | Root
                    | Br
                    | Caption
                    | Tbody
                    | Thead
                    | Tfoot
                    | Tr
                    | Legend
                    | Option
                    | Select
                    | Textarea
                    | Button
                    | Iframe
                    | Noscript
                    | Video
                    | Audio
                    | Object
            )
    }

    /// Elements whose content is never article text.
    pub(crate) fn is_skipped(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Script
                | Style
                | Noscript
                | Template
                | Svg
                | Math
                | Iframe
                | Object
                | Embed
                | Canvas
                | Video
                | Audio
                | Picture
                | Select
                | Option
                | Optgroup
                | Button
                | Textarea
                | Input
                | Label
                | Head
                | Title
                | Map
                | Dialog
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        assert_eq!(Tag::from_name("blockquote"), Tag::Blockquote);
        assert_eq!(Tag::from_name("h6"), Tag::H6);
        assert_eq!(Tag::from_name("x-widget"), Tag::Other);
        assert!(Tag::Br.is_void() && !Tag::Div.is_void());
        assert!(TAG_COUNT > Tag::Xmp as usize);
    }
}

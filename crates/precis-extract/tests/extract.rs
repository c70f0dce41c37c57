//! End-to-end behaviour on small pages written for these tests.

use precis_extract::{Article, extract, extract_str, looks_like_html};

const P1: &str = "The city council voted on Tuesday to expand the harbour, a decision that \
                  ends two years of debate over the cost and the risk to the old quays.";
const P2: &str = "Supporters said the project would bring new ferry routes and jobs, while \
                  opponents warned that the budget had already grown by a third since spring.";
const P3: &str = "Work is due to start in March, and the first berths should open next year, \
                  the harbour master said in a statement after the vote.";

/// A news page with every kind of boilerplate around a three-paragraph story.
fn news_page(story: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Council backs harbour expansion | The Daily Planet</title></head>
<body>
<div class="cookie-banner"><p>We use cookies to improve your experience on our site, as explained in our policy.</p><button>Accept</button></div>
<header class="site-header"><a href="/">The Daily Planet</a>
  <nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li></ul></nav>
</header>
<main>
<article>
  <h1>Council backs harbour expansion</h1>
  <div class="byline">By Lois Lane, Staff Reporter</div>
  <div class="share-bar"><a href="https://facebook.example/share">Share on Facebook</a> <a href="https://x.example/share">Post</a></div>
  <figure><img src="harbour.jpg"><figcaption>The old quays at dawn. Photo: Jimmy Olsen for The Daily Planet, all rights reserved.</figcaption></figure>
  {story}
</article>
<section class="related-stories"><h2>Related stories</h2><ul>
  <li><a href="/a">Ferry operator announces three new routes to the islands this summer</a></li>
  <li><a href="/b">Harbour master warns of winter storms and delays for shipping</a></li>
</ul></section>
<div id="comments"><h3>12 comments</h3>
  <div class="comment"><p>This is a complete waste of money and the council knows it, I will not vote for them again.</p></div>
  <div class="comment"><p>Finally some good news for the town, the ferries have been overcrowded for years now.</p></div>
</div>
</main>
<aside class="sidebar"><h3>Most read</h3><p>Local bakery wins national award for the third year in a row, beating two hundred entrants.</p></aside>
<footer><p>&copy; The Daily Planet. All rights reserved. Terms of use and privacy policy apply to every page.</p></footer>
</body></html>"#
    )
}

fn story_html() -> String {
    format!(
        "<p>{P1}</p>\n<h2>What happens next</h2>\n<p>{P2}</p>\n\
         <blockquote><p>We have waited long enough for this, and the town deserves it.</p></blockquote>\n\
         <ul><li>Two new ferry berths on the north quay</li><li>A longer breakwater</li></ul>\n<p>{P3}</p>"
    )
}

#[test]
fn keeps_the_story_and_drops_the_boilerplate() {
    let article = extract(news_page(&story_html()).as_bytes());
    assert_eq!(
        article.title.as_deref(),
        Some("Council backs harbour expansion")
    );
    assert_eq!(
        article.paragraphs,
        vec![
            P1.to_string(),
            "What happens next".to_string(),
            P2.to_string(),
            "We have waited long enough for this, and the town deserves it.".to_string(),
            "Two new ferry berths on the north quay".to_string(),
            "A longer breakwater".to_string(),
            P3.to_string(),
        ]
    );
    let text = article.text();
    for junk in [
        "cookies",
        "Sport",
        "Lois Lane",
        "Facebook",
        "Photo",
        "Related",
        "Ferry operator",
        "waste of money",
        "bakery",
        "rights reserved",
    ] {
        assert!(!text.contains(junk), "kept {junk:?} in {text}");
    }
}

#[test]
fn text_joins_paragraphs_with_blank_lines() {
    let article = Article {
        title: None,
        paragraphs: vec!["One.".into(), "Two.".into()],
        ..Article::default()
    };
    assert_eq!(article.text(), "One.\n\nTwo.");
    assert!(!article.is_empty());
    assert!(Article::default().is_empty());
}

#[test]
fn page_without_an_article_is_empty() {
    let mut html =
        String::from("<html><body><nav><a href=/>Home</a></nav><h1>Latest news</h1><ul>");
    for i in 0..30 {
        html.push_str(&format!(
            "<li><a href=\"/story/{i}\">Headline number {i} about something that happened today</a></li>"
        ));
    }
    html.push_str("</ul><footer>Contact us</footer></body></html>");
    let article = extract(html.as_bytes());
    assert!(article.is_empty(), "{:?}", article.paragraphs);
    assert_eq!(article.text(), "");

    assert!(extract(b"").is_empty());
    assert!(extract(b"just some plain words").is_empty());
    assert!(extract(b"<html><body><p>Short.</p></body></html>").is_empty());
}

#[test]
fn layout_table_cells_are_separate_blocks_and_data_rows_are_lines() {
    let html = format!(
        "<table><tr><td><a href=/a>Home</a><br><a href=/b>Archive</a><br><a href=/c>About</a></td>\
         <td><p>{P1}</p><p>{P2}</p><table><tr><th>Year</th><th>Ferries</th></tr>\
         <tr><td>2023</td><td>41</td></tr></table><p>{P3}</p></td></tr></table>"
    );
    let article = extract_str(&html);
    assert_eq!(
        article.paragraphs,
        vec![P1, P2, "Year Ferries", "2023 41", P3]
    );
}

#[test]
fn story_in_short_paragraphs() {
    let html = "<html><body><nav><a href=/>Home</a> <a href=/x>Sections</a></nav><article>\
        <p>The old bridge over the river is closed until further notice.</p>\
        <p>Police said a lorry hit the railing at dawn on Sunday.</p>\
        <p>No one was hurt in the crash, a spokesman added.</p>\
        <p>Engineers from the county will inspect the bridge on Monday.</p>\
        <p>Buses will run every ten minutes from the station until then.</p>\
        <p>The ferry will also be free for everyone this week.</p>\
        </article></body></html>";
    let article = extract_str(html);
    assert_eq!(article.paragraphs.len(), 6, "{:?}", article.paragraphs);
    assert!(!article.text().contains("Sections"));
}

#[test]
fn long_list_inside_the_story_is_kept() {
    let items: String = (0..60)
        .map(|i| format!("<li>{i} grams of something</li>"))
        .collect();
    let html = format!(
        "<nav><a href=/>Home</a> <a href=/r>Recipes</a></nav>\
         <article><p>{P1}</p><ul>{items}</ul><p>{P2}</p></article>"
    );
    let article = extract_str(&html);
    assert_eq!(article.paragraphs.len(), 62, "{:?}", article.paragraphs);
    assert_eq!(article.paragraphs[1], "0 grams of something");
}

#[test]
fn listing_of_teasers_is_not_an_article() {
    let mut html = String::from("<html><body><h1>Latest</h1><div class=list>");
    for i in 0..10 {
        html.push_str(&format!(
            "<div class=item><h3><a href=\"/s/{i}\">Story number {i} has a long headline here</a></h3>\
             <p>The first lines of story {i}, which go on for a while to tempt the reader into \
             clicking through to the full text on another page.</p></div>"
        ));
    }
    html.push_str("</div></body></html>");
    assert!(extract(html.as_bytes()).is_empty());
}

#[test]
fn decodes_windows_1252_pages() {
    let mut page = b"<html><head><meta http-equiv=\"Content-Type\" \
        content=\"text/html; charset=windows-1252\"><title>Caf\xe9 news</title></head><body><article>"
        .to_vec();
    for _ in 0..3 {
        page.extend_from_slice(
            b"<p>The caf\xe9 on the corner said \x93we will stay open\x94 \x96 despite the rent, \
              which has doubled since the landlord sold the building last year.</p>",
        );
    }
    page.extend_from_slice(b"</article></body></html>");
    let article = extract(&page);
    assert_eq!(article.paragraphs.len(), 3);
    assert!(
        article.paragraphs[0]
            .starts_with("The café on the corner said “we will stay open” – despite"),
        "{}",
        article.paragraphs[0]
    );
}

#[test]
fn undeclared_legacy_bytes_fall_back_to_windows_1252() {
    let mut page = b"<html><body><article>".to_vec();
    for _ in 0..3 {
        page.extend_from_slice(
            b"<p>Na\xefve questions about the r\xe9sum\xe9 came up again at the hearing, \
              where members asked about the dates and the places listed on it.</p>",
        );
    }
    let article = extract(&page);
    assert_eq!(article.paragraphs.len(), 3);
    assert!(article.paragraphs[0].starts_with("Naïve questions about the résumé"));
}

#[test]
fn decodes_shift_jis_pages() {
    let body = "東京都は二十日、新しい防災計画を発表した。地震や台風などの災害に備え、避難所の数を増やすとともに、\
                食料や水の備蓄を見直す。";
    let mut html = String::from(
        "<html><head><meta charset=\"Shift_JIS\"><title>防災計画を発表</title></head><body><article>",
    );
    for _ in 0..3 {
        html.push_str(&format!("<p>{body}</p>"));
    }
    html.push_str("</article></body></html>");
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&html);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "test page must not be UTF-8"
    );

    let article = extract(&bytes);
    assert_eq!(article.title.as_deref(), Some("防災計画を発表"));
    assert_eq!(article.paragraphs, vec![body.to_string(); 3]);
}

#[test]
fn survives_broken_markup() {
    // No html/head/body, unclosed paragraphs and list items, stray and
    // misnested end tags, an unterminated comment at the end.
    let html = format!(
        "<title>Broken</title><div class=story><p>{P1}<p>{P2}</span></div></div>\
         <ul><li>one point made<li>another point</ul></b><p>{P3}</i><!-- never closed"
    );
    let article = extract_str(&html);
    let text = article.text();
    assert!(
        text.contains(P1) && text.contains(P2) && text.contains(P3),
        "{text}"
    );
}

#[test]
fn script_and_style_text_is_never_extracted() {
    let html = format!(
        "<article><script>var s = '<p>{P1}</p>';</script><style>p {{ color: red }}</style>\
         <p>{P2}</p><p>{P3}</p><noscript><p>Please enable JavaScript to view the comments.</p></noscript></article>"
    );
    let article = extract_str(&html);
    assert_eq!(article.paragraphs, vec![P2.to_string(), P3.to_string()]);
}

#[test]
fn hidden_elements_are_dropped() {
    let html = format!(
        "<article><p>{P1}</p><div style=\"display: none\"><p>{P2}</p></div>\
         <p hidden>{P2}</p><p>{P3}</p></article>"
    );
    let article = extract_str(&html);
    assert_eq!(article.paragraphs, vec![P1.to_string(), P3.to_string()]);
}

#[test]
fn deep_nesting_does_not_overflow_or_go_quadratic() {
    // About 5 MB of nested divs around a story.
    let depth = 1_000_000;
    let mut html = "<div>".repeat(depth);
    html.push_str(&story_html());
    html.push_str(&"</div>".repeat(depth));
    assert!(html.len() > 5_000_000);
    let start = std::time::Instant::now();
    let article = extract_str(&html);
    assert!(article.text().contains(P1) && article.text().contains(P3));
    // Generous for debug builds on a busy machine; quadratic would be hours.
    assert!(start.elapsed().as_secs() < 60);

    // Unclosed inline elements and stray end tags, many of them.
    let html = format!(
        "{}<p>{P1}</p><p>{P2}</p>{}",
        "<span><b>".repeat(200_000),
        "</i>".repeat(200_000)
    );
    assert!(extract_str(&html).text().contains(P2));
}

#[test]
fn attribute_bombs_stay_linear() {
    // 300,000 distinct attribute names on one start tag and one end tag (about 5 MB): the
    // tokenizer's duplicate check made this minutes of work (160,000 took 18 s in release).
    let names: String = (0..300_000).map(|k| format!(" data-x{k}")).collect();
    let html = format!(
        "<html><body><article class=\"story\"{names}>{}</article{names}></body></html>",
        story_html()
    );
    assert!(html.len() > 5_000_000);
    let start = std::time::Instant::now();
    let article = extract_str(&html);
    assert!(article.text().contains(P1) && article.text().contains(P3));
    // Generous for debug builds on a busy machine; quadratic is many minutes.
    assert!(start.elapsed().as_secs() < 60);
}

#[test]
fn ten_megabyte_page() {
    let mut html = String::from("<html><body><nav>");
    // 10 MB of menu links, then the story.
    while html.len() < 10_000_000 {
        html.push_str("<a href=\"/section/with/a/long/path\">Section</a> ");
    }
    html.push_str("</nav><article>");
    html.push_str(&story_html());
    html.push_str("</article></body></html>");
    let article = extract(html.as_bytes());
    assert!(article.text().starts_with(P1));
}

#[test]
fn arbitrary_bytes_never_panic() {
    // A small deterministic generator mixing markup fragments and bytes.
    let pieces: &[&[u8]] = &[
        b"<",
        b">",
        b"</",
        b"<p>",
        b"</p>",
        b"<div class='comment'>",
        b"</div>",
        b"<table><tr><td>",
        b"<li>",
        b"<script>",
        b"</script>",
        b"<!--",
        b"-->",
        b"&amp;",
        b"&#x",
        b"\xff\xfe",
        b"\xe9",
        b"<meta charset=shift_jis>",
        b"<br>",
        b"<h1>",
        b"word, ",
        b"sentence. ",
        b"\0",
        b"<svg><title>",
        b"<a href=x>",
        b"<textarea>",
        b"<plaintext>",
        b"<title>",
        b"\xe3\x81",
    ];
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    for _ in 0..500 {
        let mut page = Vec::new();
        let len = (state % 200) as usize;
        for _ in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            page.extend_from_slice(pieces[(state % pieces.len() as u64) as usize]);
        }
        let article = extract(&page);
        let _ = (article.text(), looks_like_html(&page));
    }
}

/// A windows-1252 page whose `<title>` is the headline shortened: the `<h1>` is the title, not
/// also the first paragraph.
#[test]
fn the_headline_is_not_repeated_as_a_paragraph() {
    let page = b"<!doctype html><html><head><meta charset=\"windows-1252\">\
        <title>Caf\xe9 owners \x93furious\x94 | Gazette</title></head><body><nav><a href=\"/\">Home</a></nav>\
        <article><h1>Caf\xe9 owners \x93furious\x94 over new tax</h1>\
        <p>Caf\xe9 owners in the old town said on Monday that the new tax would force some of them \
        to close before the summer season began.</p><p>The council said the levy was needed to pay \
        for repairs to the harbour wall, damaged in the winter storms, and would be reviewed.</p>\
        </article></body></html>";
    let a = precis_extract::extract(page);
    assert_eq!(
        a.title.as_deref(),
        Some("Café owners “furious” over new tax")
    );
    assert!(
        a.paragraphs[0].starts_with("Café owners in the old town"),
        "{:?}",
        a.paragraphs
    );
}

/// The standfirst under the headline, set apart from the body in the story's own header, is kept
/// as the first paragraph; the site's header is not.
#[test]
fn the_standfirst_is_kept() {
    let page = "<html><head><title>Harbour reopens after storm | Gazette</title></head><body>\
        <header class=\"site-header\"><p>The Gazette, serving the valley since 1890 and proud of it.</p></header>\
        <main><header class=\"article-header\"><h1>Harbour reopens after storm</h1>\
        <p class=\"standfirst\">Ferries sail again after three days of closure.</p>\
        <div class=\"byline\">By Jo Smith</div></header><div class=\"article-body\">\
        <p>The harbour reopened on Monday after three days of closure, the port authority said, \
        and the first ferries left on schedule in calm weather.</p>\
        <p>Repairs to the outer breakwater will continue through the winter, officials added, at a \
        cost the council has yet to approve.</p></div></main></body></html>";
    let a = precis_extract::extract_str(page);
    assert_eq!(a.title.as_deref(), Some("Harbour reopens after storm"));
    assert_eq!(
        a.paragraphs[0],
        "Ferries sail again after three days of closure."
    );
    assert!(a.paragraphs[1].starts_with("The harbour reopened"));
    assert!(
        !a.text().contains("Gazette") && !a.text().contains("Jo Smith"),
        "{:?}",
        a.paragraphs
    );
}

/// A huge page with a deadline that passes almost at once: extraction gives up (`None`) soon
/// after, instead of reading the whole page; with a deadline that does not pass, the answer is
/// the same as without one (the tokenizer is then fed in pieces).
#[test]
fn a_deadline_cuts_a_huge_page_short() {
    use std::time::{Duration, Instant};
    let story: String = (0..4)
        .map(|_| format!("<div class=\"row\"><p>{P1}</p><p>{P2} <b>{P3}</b></p></div>"))
        .collect();
    let page = news_page(&story.repeat(4_000_000 / story.len()));
    // The reference: the whole extraction, timed under the same load as the cut one.
    let started = Instant::now();
    let full = extract_str(&page);
    let whole = started.elapsed();
    assert!(!full.is_empty());

    let started = Instant::now();
    let cut =
        // A deadline already past: 20 ms, as before, is a fifth of a whole release-mode
        // extraction, so the test failed under `cargo test --release`.
        precis_extract::extract_str_until(&page, Some(Instant::now()));
    let took = started.elapsed();
    assert_eq!(cut, None);
    // The parse looks at the clock every 256 KiB: what remains is the attribute scan before it.
    assert!(took < whole / 4, "{took:?} (a whole extraction: {whole:?})");

    let later = Instant::now() + Duration::from_secs(3600);
    assert_eq!(
        precis_extract::extract_str_until(&page, Some(later)),
        Some(full)
    );
}

//! Bad input for the language seam: scripts written without spaces (Chinese, Japanese, Thai),
//! right-to-left text (Arabic, Hebrew), an article in two languages, and one whose language
//! flips from paragraph to paragraph. Each gives a summary — never a panic — with exact spans,
//! says which language it was read in, and never cuts a sentence inside a word.

use precis_core::language::{Coverage, LanguageChoice};
use precis_core::{Algorithm, Summarizer, SummaryRecord};

const CHINESE: &str = "北京市政府星期三宣布，从下个月起全市公共交通票价将下调百分之十。\
    市长在新闻发布会上说，这项措施旨在鼓励市民减少私家车出行。\
    据统计，去年北京地铁日均客流量超过一千万人次！\
    一些市民对此表示欢迎，但也有人担心财政负担会加重？\
    交通专家认为，票价调整的效果还需要时间检验。";

const JAPANESE: &str = "東京都は水曜日、来月から都営地下鉄の運賃を一割引き下げると発表した。\
    知事は記者会見で、自家用車の利用を減らすことが目的だと述べた。\
    昨年の一日平均の利用者数は八百万人を超えた。\
    「とても助かる」と話す利用者もいる。\
    専門家は効果の検証には時間がかかると指摘している。";

// Thai separates sentences (not words) with spaces and has no sentence punctuation.
const THAI: &str = "กรุงเทพมหานครประกาศลดค่าโดยสารรถไฟฟ้าร้อยละสิบตั้งแต่เดือนหน้า \
    ผู้ว่าราชการกล่าวว่ามาตรการนี้มีเป้าหมายเพื่อลดการใช้รถยนต์ส่วนตัว \
    ผู้โดยสารหลายคนแสดงความยินดีกับข่าวนี้";

const ARABIC: &str = "أعلنت الحكومة يوم الأربعاء عن خطة جديدة لخفض أسعار النقل العام بنسبة عشرة في المئة. \
    وقال الوزير في مؤتمر صحفي إن الهدف هو تشجيع المواطنين على ترك سياراتهم. \
    ورحب كثير من الركاب بالقرار، لكن بعضهم تساءل عن تكلفته على الميزانية. \
    ويرى خبراء النقل أن نتائج الخطة تحتاج إلى وقت لتظهر.";

const HEBREW: &str = "הממשלה הודיעה ביום רביעי על תוכנית חדשה להוזלת מחירי התחבורה הציבורית בעשרה אחוזים. \
    השר אמר במסיבת עיתונאים כי המטרה היא לעודד אזרחים לוותר על הרכב הפרטי. \
    נוסעים רבים בירכו על ההחלטה, אך חלקם שאלו כמה היא תעלה לתקציב. \
    מומחי תחבורה סבורים שיידרש זמן כדי לראות את התוצאות.";

const ENGLISH: &str = "The city council approved a ten percent cut in bus and metro fares on Wednesday, \
    saying it wanted to get drivers out of their cars. The mayor told reporters that the plan would \
    cost the city about 40 million dollars a year. Many commuters welcomed the decision.";

const GERMAN: &str = "Der Stadtrat hat am Mittwoch eine Senkung der Fahrpreise für Bus und Bahn um zehn \
    Prozent beschlossen. Die Bürgermeisterin sagte, die Stadt wolle damit mehr Menschen zum Umsteigen \
    bewegen. Viele Pendler begrüßten die Entscheidung, die Opposition kritisierte die Kosten.";

const FRENCH: &str = "Le conseil municipal a approuvé mercredi une baisse de dix pour cent du prix des \
    transports en commun. Le maire a déclaré aux journalistes que la mesure coûterait environ \
    quarante millions d'euros par an. De nombreux usagers ont salué cette décision.";

/// Summarizes `text` with every algorithm (detecting its language, and in `choice`), checks the
/// spans and that no sentence ends inside a word, and returns the detected language's record.
fn summarize_everywhere(text: &str, choice: LanguageChoice) -> SummaryRecord {
    let mut first = None;
    for algorithm in Algorithm::ALL {
        for language in [LanguageChoice::Auto, choice] {
            let summarizer = Summarizer::new(algorithm).language(language);
            let summary = summarizer
                .summarize(text)
                .unwrap_or_else(|e| panic!("{algorithm} {language}: {e}"));
            let doc = summarizer.parse(text);
            for s in doc.sentences() {
                assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                // A sentence ends at the end of the text, before white space, or after
                // punctuation: never between two letters of one word.
                let before = text[..s.end].chars().next_back();
                let after = text[s.end..].chars().next();
                let inside_a_word = before.is_some_and(char::is_alphanumeric)
                    && after.is_some_and(char::is_alphanumeric);
                assert!(!inside_a_word, "{algorithm} {language}: cut at {}", s.end);
            }
            for h in &summary.sentences {
                assert_eq!(&text[h.start..h.end], h.text);
                let by_chars: String = text
                    .chars()
                    .skip(h.char_start)
                    .take(h.char_end - h.char_start)
                    .collect();
                assert_eq!(by_chars, h.text);
            }
            if language == LanguageChoice::Auto && first.is_none() {
                first = Some(SummaryRecord::from_text(summary));
            }
        }
    }
    first.unwrap()
}

#[test]
fn unspaced_scripts_are_summarized_generically_and_say_so() {
    for (text, code) in [(CHINESE, "zh"), (JAPANESE, "ja"), (THAI, "th")] {
        let choice: LanguageChoice = code.parse().unwrap();
        let record = summarize_everywhere(text, choice);
        assert_eq!(record.language, code, "{text}");
        assert_eq!(record.language_profile, Coverage::Generic);
        assert!(!record.sentences.is_empty());
        let json = record.to_json();
        assert!(json.contains("\"language_profile\":\"generic\""), "{json}");
    }
    // Chinese and Japanese sentences end at their own full stop.
    let record = summarize_everywhere(CHINESE, "zh".parse().unwrap());
    assert!(
        record
            .sentences
            .iter()
            .all(|h| h.text.ends_with(['。', '！', '？']))
    );
}

#[test]
fn right_to_left_text_keeps_its_spans() {
    let arabic = summarize_everywhere(ARABIC, "ar".parse().unwrap());
    assert_eq!(
        (arabic.language.as_str(), arabic.language_profile),
        ("ar", Coverage::Words)
    );
    let hebrew = summarize_everywhere(HEBREW, "he".parse().unwrap());
    assert_eq!(
        (hebrew.language.as_str(), hebrew.language_profile),
        ("he", Coverage::Generic)
    );
    // Bidirectional marks and an embedded English name change nothing.
    let marked = format!("\u{200F}{ARABIC}\u{200E} (Reuters) \u{202B}{HEBREW}\u{202C}");
    summarize_everywhere(&marked, "ar".parse().unwrap());
}

#[test]
fn a_mixed_article_is_read_in_the_language_of_its_opening_or_the_fallback() {
    // Detection reads the first 1,000 bytes; German and English in them is too mixed for
    // whatlang to be sure, and the fallback (English) applies. The German rules are asked for.
    let text = format!("{GERMAN}\n\n{GERMAN}\n\n{ENGLISH}\n\n{FRENCH}");
    let record = summarize_everywhere(&text, "de".parse().unwrap());
    assert!(
        ["de", "en"].contains(&record.language.as_str()),
        "{}",
        record.language
    );
    let asked = Summarizer::new(Algorithm::Lead).language("de".parse().unwrap());
    assert_eq!(asked.summarize(&text).unwrap().language.code(), "de");
    let german = format!("{GERMAN}\n\n{GERMAN}\n\n{GERMAN}\n\n{GERMAN}\n\n{ENGLISH}");
    assert_eq!(
        summarize_everywhere(&german, LanguageChoice::Auto).language,
        "de"
    );
    let text = format!("{ENGLISH}\n\n{GERMAN}");
    assert_eq!(
        summarize_everywhere(&text, "en".parse().unwrap()).language,
        "en"
    );
}

#[test]
fn a_language_that_flips_by_paragraph_gives_a_result() {
    let paragraphs = [
        GERMAN, FRENCH, ENGLISH, CHINESE, ARABIC, JAPANESE, HEBREW, THAI,
    ];
    let text = paragraphs.repeat(3).join("\n\n");
    let record = summarize_everywhere(&text, "fr".parse().unwrap());
    // The language of the opening's largest part.
    assert!(
        ["de", "fr", "en"].contains(&record.language.as_str()),
        "{}",
        record.language
    );
    // Short paragraphs in alternating scripts, too short to tell each apart.
    let flips = ["Ja.", "Oui.", "Yes.", "是。", "نعم.", "はい。", "כן.", "ใช่"]
        .repeat(10)
        .join("\n");
    summarize_everywhere(&flips, LanguageChoice::Auto);
}

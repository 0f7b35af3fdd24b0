//! Line-level tests of the text stage: one per klreq rule, plus fallback and missing characters.

use super::*;
use crate::font::FontOptions;
use std::sync::OnceLock;

fn fonts() -> &'static FontBook {
    static BOOK: OnceLock<FontBook> = OnceLock::new();
    BOOK.get_or_init(|| FontBook::load(&FontOptions::default()).expect("embedded fonts"))
}

fn cache() -> &'static ShapeCache {
    static CACHE: OnceLock<ShapeCache> = OnceLock::new();
    CACHE.get_or_init(ShapeCache::default)
}

fn style(size: f32) -> TextStyle {
    TextStyle {
        family: Family::Serif,
        bold: false,
        italic: false,
        size: Pt(size),
        baseline_shift: Pt::ZERO,
        tag: 0,
    }
}

fn para(text: &str) -> Paragraph {
    Paragraph {
        text: text.to_string(),
        styles: vec![(0..text.len(), style(10.0))],
        lang: "ko".to_string(),
        objects: Vec::new(),
    }
}

fn opts(width: f32) -> LineOptions {
    LineOptions {
        width: Pt(width),
        first_indent: Pt::ZERO,
        justify: true,
        korean: KoreanBreak::Word,
        hyphenate: true,
    }
}

/// The printed text of each line (run texts joined).
fn lines_of(set: &SetParagraph) -> Vec<String> {
    set.lines
        .iter()
        .map(|l| l.runs.iter().map(|r| r.text.as_str()).collect::<String>())
        .collect()
}

fn set(text: &str, width: f32) -> SetParagraph {
    set_paragraph(&para(text), fonts(), cache(), &opts(width))
}

fn set_with(text: &str, o: LineOptions) -> SetParagraph {
    set_paragraph(&para(text), fonts(), cache(), &o)
}

/// Byte offsets where lines end (the start of the next line).
fn break_positions(s: &SetParagraph) -> Vec<usize> {
    s.lines
        .iter()
        .take(s.lines.len().saturating_sub(1))
        .map(|l| l.source.end)
        .collect()
}

const PROSE: &str = "한국어 문장은 어절 단위로 줄을 바꾸는 것이 원칙이며, 한 어절이 줄보다 길 때에만 \
    음절 사이에서 나눈다. 오늘 밤 열한 시에 사람들이 가장 많이 글을 읽는다는 조사 결과가 있다.";

#[test]
fn keep_all_breaks_only_between_words() {
    // klreq / CSS word-break: keep-all — Korean lines end only after a space.
    for width in (60..=300).step_by(13) {
        let s = set(PROSE, width as f32);
        assert!(s.lines.len() > 1);
        for pos in break_positions(&s) {
            let before = PROSE[..pos].chars().next_back();
            assert_eq!(before, Some(' '), "width {width}: mid-word break at {pos}");
        }
        assert!(s.missing.is_empty());
    }
}

#[test]
fn lines_cover_the_text_in_order() {
    let s = set(PROSE, 150.0);
    let mut at = 0;
    for l in &s.lines {
        assert_eq!(l.source.start, at);
        at = l.source.end;
        assert!(l.ascent.0 > 0.0 && l.descent.0 > 0.0);
    }
    assert_eq!(at, PROSE.len());
    let joined: String = lines_of(&s).join(" ");
    let squeeze = |t: &str| t.split_whitespace().collect::<String>();
    assert_eq!(squeeze(&joined), squeeze(PROSE));
}

#[test]
fn keep_all_keeps_mixed_words_whole() {
    // "API를" and "훈민정음(訓民正音)은" are single eojeol: no break inside unless overlong.
    let text = "먼저 API를 호출하고 훈민정음(訓民正音)은 세종이 만들었다 HTTP/2로 보낸다";
    for width in (110..=260).step_by(5) {
        let s = set(text, width as f32);
        for pos in break_positions(&s) {
            // CSS keep-all: only between letters is breaking suppressed; before "(" it is a
            // (penalised) opportunity.
            let ok = text[..pos].ends_with(' ') || text[pos..].starts_with('(');
            assert!(ok, "width {width}: break at {pos}");
        }
    }
}

#[test]
fn bracket_break_avoids_a_very_loose_line() {
    // Two lines; the long parenthesised word does not fit on the first. Without the bracket
    // opportunity the first line's four spaces would each grow several times.
    let text =
        "옛 문헌에서는 ᄒᆞᆫ글처럼 아래아를 썼습니다. 訓民正音(훈민정음)의 서문도 함께 읽어 보세요.";
    let s = set(text, 230.0);
    let max_space = s
        .lines
        .iter()
        .take(s.lines.len() - 1)
        .flat_map(|l| l.runs.iter())
        .flat_map(|r| {
            r.glyphs
                .iter()
                .filter(|g| r.text.get(g.text_range()) == Some(" "))
        })
        .map(|g| g.x_advance.0)
        .fold(0.0f32, f32::max);
    assert!(
        max_space < 8.0,
        "spaces stretched to {max_space} pt: {:?}",
        lines_of(&s)
    );
}

#[test]
fn syllable_mode_may_break_inside_words() {
    let mut o = opts(97.0);
    o.korean = KoreanBreak::Syllable;
    let mut mid_word = 0;
    for width in (50..=200).step_by(7) {
        o.width = Pt(width as f32);
        let s = set_with(PROSE, o);
        mid_word += break_positions(&s)
            .iter()
            .filter(|&&p| PROSE[..p].chars().next_back().is_some_and(|c| c != ' '))
            .count();
    }
    assert!(mid_word > 0, "syllable mode never broke inside a word");
}

#[test]
fn overlong_word_breaks_between_syllables() {
    // klreq: inside a word only when the word alone is wider than the line.
    let text = "짧은 말 가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허 끝";
    let s = set(text, 60.0);
    for l in &s.lines {
        assert!(l.width.0 <= 60.01, "overfull line {:?}", l.width);
        let t: String = l.runs.iter().map(|r| r.text.as_str()).collect();
        assert!(!t.ends_with('-'), "Hangul must never be hyphenated: {t:?}");
    }
    // "짧은 말" stays together; the long word is split into at least 3 lines.
    assert!(lines_of(&s)[0].starts_with("짧은 말"));
    assert!(s.lines.len() >= 4);
}

#[test]
fn no_line_starts_with_closing_punctuation() {
    for c in [
        ")", "」", "』", "”", "’", "》", ".", ",", "?", "!", "·", ":", ";", "。", "、",
    ] {
        let text = format!(
            "가나다 라마{c} 바사아 자차카{c} 타파하 거너{c}더러 머버{c} 서어저 처커{c} 터퍼"
        );
        let text = text.replace(' ', "");
        for width in (30..=120).step_by(3) {
            let s = set(&text, width as f32);
            for l in lines_of(&s).iter().skip(1) {
                assert!(
                    !l.starts_with(c),
                    "width {width}: line starts with {c}: {l:?}"
                );
            }
        }
    }
}

#[test]
fn no_line_ends_with_opening_punctuation() {
    for c in ["(", "「", "『", "“", "‘", "《", "["] {
        let text = format!("가나 다라 {c}마바 사아 {c}자차 카타 {c}파하 거너 {c}더러 머버 {c}서어");
        for width in (30..=150).step_by(3) {
            let s = set(&text, width as f32);
            for l in lines_of(&s) {
                assert!(
                    !l.trim_end().ends_with(c),
                    "width {width}: line ends with {c}: {l:?}"
                );
            }
        }
    }
}

#[test]
fn digits_ellipses_and_dashes_stay_whole() {
    for run in ["1234567", "3.14159", "……", "——", "..."] {
        let text = format!("값은{run}이다 값은{run}이다 값은{run}이다 값은{run}이다 값은{run}이다");
        let mut o = opts(40.0);
        o.korean = KoreanBreak::Syllable;
        for width in (20..=140).step_by(3) {
            o.width = Pt(width as f32);
            for s in [set(&text, width as f32), set_with(&text, o)] {
                for pos in break_positions(&s) {
                    for (i, _) in text.match_indices(run) {
                        assert!(
                            pos <= i || pos >= i + run.len(),
                            "width {width}: {run} split at {pos}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn latin_is_hyphenated_hangul_never() {
    let text = "Typography internationalization characteristically extraordinary \
        한국어문장은하이픈없이 responsibilities notwithstanding";
    let mut hyphenated = 0;
    for width in (50..=160).step_by(5) {
        let s = set(text, width as f32);
        for l in lines_of(&s) {
            if let Some(stem) = l.strip_suffix('-') {
                hyphenated += 1;
                let last = stem.chars().next_back();
                assert!(last.is_some_and(|c| c.is_ascii_alphabetic()), "{l:?}");
            }
        }
    }
    assert!(hyphenated > 0, "no Latin word was ever hyphenated");
    let mut o = opts(60.0);
    o.hyphenate = false;
    assert!(
        lines_of(&set_with(text, o))
            .iter()
            .all(|l| !l.ends_with('-'))
    );
}

#[test]
fn soft_hyphen_breaks_with_a_visible_hyphen() {
    let text = "Donau\u{00AD}dampf\u{00AD}schiff\u{00AD}fahrt ist lang";
    let mut o = opts(60.0);
    o.hyphenate = false;
    let s = set_with(text, o);
    let lines = lines_of(&s);
    assert!(lines.len() > 1);
    assert!(lines[0].ends_with('-'), "{lines:?}");
}

#[test]
fn mixed_korean_latin_and_fallback_faces() {
    let text = "한글 English café 漢字 mixed";
    let s = set(text, 500.0);
    assert_eq!(s.lines.len(), 1);
    let runs = &s.lines[0].runs;
    let face_of = |needle: &str| {
        runs.iter()
            .find(|r| r.text.contains(needle))
            .map(|r| r.face)
            .expect(needle)
    };
    assert_eq!(face_of("한글"), FaceId(0));
    // Latin is the Latin text serif's, accents included (issue 11: Nanum's Latin is weak).
    assert_eq!(face_of("English"), FaceId(12));
    assert_eq!(face_of("é"), FaceId(12));
    // Nanum Myeongjo has no Hanja: they come from the Noto serif fallback.
    assert_eq!(face_of("漢字"), FaceId(2));
    // A space takes its neighbour's face: Korean word spaces stay Nanum Myeongjo's.
    let space_after = |needle: &str| {
        runs.iter()
            .find(|r| r.text.contains(&format!("{needle} ")))
            .map(|r| r.face)
            .expect(needle)
    };
    assert_eq!(space_after("한글"), FaceId(0));
    assert!(s.missing.is_empty());
    assert!(runs.iter().all(|r| r.glyphs.iter().all(|g| g.id != 0)));
}

#[test]
fn long_url_breaks_without_hyphens_and_fits() {
    let url =
        "https://example.com/notes/2024/very-long-path/with/many/segments/index.html?query=value";
    let text = format!("링크는 {url} 입니다");
    let s = set(&text, 90.0);
    assert!(s.lines.len() >= 3);
    for l in &s.lines {
        assert!(l.width.0 <= 90.01, "overfull {:?}", lines_of(&s));
    }
    // Copy-paste gives the URL back: no hyphen was inserted anywhere.
    let joined: String = lines_of(&s).concat();
    assert!(joined.replace(' ', "").contains(url), "{joined}");
}

#[test]
fn old_hangul_composes_in_the_fallback_face() {
    let s = set("ᄒᆞᆫ글 ᄆᆞᄎᆞᆷ내", 300.0);
    assert!(s.missing.is_empty());
    let run = &s.lines[0].runs[0];
    assert_eq!(run.text, "ᄒᆞᆫ");
    assert_eq!(run.face, FaceId(10));
    // Three jamo → one composed syllable glyph, about one em wide.
    assert_eq!(run.glyphs.len(), 1);
    assert!((run.width.0 - 10.0).abs() < 1.0, "{:?}", run.width);
    assert_eq!(run.glyphs[0].text_range(), 0..run.text.len());
}

#[test]
fn hanja_come_from_the_fallback() {
    let s = set("훈민정음(訓民正音)은 백성을 가르치는 바른 소리", 400.0);
    assert!(s.missing.is_empty());
    let hanja: Vec<&GlyphRun> = s.lines[0]
        .runs
        .iter()
        .filter(|r| r.text.contains('訓'))
        .collect();
    assert_eq!(hanja.len(), 1);
    assert_eq!(hanja[0].face, FaceId(2));
    assert!(hanja[0].glyphs.iter().all(|g| g.id != 0));
}

#[test]
fn missing_character_is_reported_and_boxed() {
    let text = "가\u{10FFFD}나\u{10FFFD}";
    let s = set(text, 300.0);
    assert_eq!(
        s.missing,
        vec![
            MissingChar {
                c: '\u{10FFFD}',
                offset: 3
            },
            MissingChar {
                c: '\u{10FFFD}',
                offset: 10
            }
        ]
    );
    // Never silent loss: a visible .notdef box with a width.
    let boxes: Vec<&Glyph> = s.lines[0]
        .runs
        .iter()
        .flat_map(|r| r.glyphs.iter())
        .filter(|g| g.id == 0)
        .collect();
    assert_eq!(boxes.len(), 2);
    assert!(boxes.iter().all(|g| g.x_advance.0 > 1.0));
}

/// Natural advance of every glyph id in `text` set on one unbroken line.
fn natural_advances(text: &str) -> std::collections::HashMap<u16, f32> {
    let plain = shape_line(text, style(10.0), "ko", fonts(), cache());
    plain
        .runs
        .iter()
        .flat_map(|r| r.glyphs.iter().map(|g| (g.id, g.x_advance.0)))
        .collect()
}

/// The largest space on any justified line, as a multiple of the natural space.
fn worst_space_ratio(s: &SetParagraph, natural: &std::collections::HashMap<u16, f32>) -> f32 {
    let n = s.lines.len();
    let mut worst = 0.0f32;
    for l in &s.lines[..n.saturating_sub(1)] {
        for r in &l.runs {
            for g in &r.glyphs {
                if r.text.get(g.text_range()) == Some(" ") {
                    let nat = natural.get(&g.id).copied().unwrap_or(g.x_advance.0);
                    worst = worst.max(g.x_advance.0 / nat);
                }
            }
        }
    }
    worst
}

#[test]
fn justification_widens_spaces_and_syllable_gaps_within_their_limits() {
    let s = set(PROSE, 170.0);
    let natural = natural_advances(PROSE);
    let n = s.lines.len();
    let mut widened_gaps = 0;
    for (i, l) in s.lines.iter().enumerate() {
        if i + 1 < n {
            assert!(
                (l.width.0 - 170.0).abs() < 0.01,
                "line {i} not justified: {:?}",
                l.width
            );
        } else {
            assert!(l.width.0 < 170.0, "last line must stay ragged");
        }
        for r in &l.runs {
            for g in &r.glyphs {
                let text = r.text.get(g.text_range()).unwrap_or("");
                let nat = natural.get(&g.id).copied().unwrap_or(g.x_advance.0);
                let extra = g.x_advance.0 - nat;
                if text == " " {
                    assert!(extra >= -0.2 * nat - 0.001, "a space shrank below 80 %");
                } else if text.chars().all(|c| ('가'..='힣').contains(&c)) {
                    // klreq: at most 0.08 em between syllables (10 pt text).
                    assert!(extra <= 0.8 + 0.001, "a syllable gap grew by {extra}");
                    widened_gaps += usize::from(extra > 0.001);
                } else {
                    assert!(extra.abs() < 0.001, "{text:?} (not Hangul) was widened");
                }
            }
        }
    }
    assert!(widened_gaps > 0, "no inter-syllable expansion was used");
}

/// A quote line of notes/01 was set with word gaps about four times normal before
/// inter-syllable expansion and space shrink (issue 11): no line may now need spaces wider than
/// 1.75 times their natural width.
#[test]
fn a_paragraph_that_was_loose_keeps_its_spaces_even() {
    let text = "옛 문헌에서는 ‘ᄒᆞᆫ글’처럼 아래아(ㆍ)를 썼습니다. 訓民正音 스물여덟 자 가운데 \
                네 글자는 오늘날 쓰지 않지만, 옛 문헌을 옮겨 적을 때는 그대로 살려 둡니다.";
    let natural = natural_advances(text);
    // 25 to 45 em: the body widths of A5 to A4 pages at 10 pt.
    for width in [250.0, 300.0, 350.0, 400.0, 450.0] {
        let s = set(text, width);
        let worst = worst_space_ratio(&s, &natural);
        assert!(
            worst <= 1.75,
            "width {width}: a space is {worst:.2}× natural: {:?}",
            lines_of(&s)
        );
    }
}

#[test]
fn code_keeps_its_own_spaces_when_justified() {
    let text =
        "설명 문장 다음에 code a b c d e f 가 옵니다 그리고 문장이 이어집니다 더 길게 이어집니다.";
    let code_at = text.find("code").unwrap_or(0);
    let code_end = text.find(" 가").unwrap_or(text.len());
    let mut mono = style(10.0);
    mono.family = Family::Mono;
    mono.tag = 1;
    let p = Paragraph {
        text: text.to_string(),
        styles: vec![
            (0..code_at, style(10.0)),
            (code_at..code_end, mono),
            (code_end..text.len(), style(10.0)),
        ],
        lang: "ko".to_string(),
        objects: Vec::new(),
    };
    let s = set_paragraph(&p, fonts(), cache(), &opts(200.0));
    assert!(s.lines.len() > 1);
    let justified = &s.lines[..s.lines.len() - 1];
    let mono_spaces: Vec<f32> = justified
        .iter()
        .flat_map(|l| &l.runs)
        .filter(|r| r.style.tag == 1)
        .flat_map(|r| {
            r.glyphs
                .iter()
                .filter(|g| r.text.get(g.text_range()) == Some(" "))
                .map(|g| g.x_advance.0)
        })
        .collect();
    assert!(
        !mono_spaces.is_empty(),
        "the code is not on a justified line"
    );
    let first = mono_spaces[0];
    assert!(
        mono_spaces.iter().all(|w| (w - first).abs() < 0.001),
        "code spaces differ: {mono_spaces:?}"
    );
}

#[test]
fn forced_breaks_and_first_indent() {
    let text = "첫 줄\n둘째 줄은 조금 더 길다\n\n넷째";
    let mut o = opts(300.0);
    o.first_indent = Pt(20.0);
    let s = set_with(text, o);
    let l = lines_of(&s);
    assert_eq!(l, vec!["첫 줄", "둘째 줄은 조금 더 길다", "", "넷째"]);
    // Lines ended by a forced break are not stretched.
    assert!(s.lines[0].width.0 < 100.0);
    let s = set_with(PROSE, o);
    assert!(s.lines[0].width.0 <= 280.01);
    assert!((s.lines[1].width.0 - 300.0).abs() < 0.01);
}

#[test]
fn shape_line_and_empty_input() {
    let l = shape_line("제1장 서론", style(12.0), "ko", fonts(), cache());
    assert!(l.width.0 > 40.0 && l.width.0 < 80.0, "{:?}", l.width);
    assert_eq!(l.source, 0.."제1장 서론".len());
    let s = set("", 100.0);
    assert!(s.lines.is_empty() && s.missing.is_empty());
    let s = set("   ", 100.0);
    assert_eq!(s.lines.len(), 1);
}

#[test]
fn styles_split_runs_and_keep_tags() {
    let text = "보통 굵게 코드";
    let mut p = para(text);
    let bold = TextStyle {
        bold: true,
        tag: 7,
        ..style(10.0)
    };
    let mono = TextStyle {
        family: Family::Mono,
        tag: 9,
        ..style(10.0)
    };
    p.styles = vec![(0..7, style(10.0)), (7..14, bold), (14..text.len(), mono)];
    let s = set_paragraph(&p, fonts(), cache(), &opts(400.0));
    let runs = &s.lines[0].runs;
    assert_eq!(
        runs.iter().map(|r| r.style.tag).collect::<Vec<_>>(),
        vec![0, 7, 9]
    );
    assert_eq!(runs[1].face, FaceId(1));
    assert_eq!(runs[2].face, FaceId(8));
    for w in runs.windows(2) {
        assert!((w[0].x.0 + w[0].width.0 - w[1].x.0).abs() < 0.001);
    }
}

#[test]
fn cache_is_shared_across_threads() {
    use rayon::prelude::*;
    let texts: Vec<String> = (0..16).map(|i| format!("{PROSE} {i}")).collect();
    let serial: Vec<Vec<String>> = texts.iter().map(|t| lines_of(&set(t, 150.0))).collect();
    let parallel: Vec<Vec<String>> = texts.par_iter().map(|t| lines_of(&set(t, 150.0))).collect();
    assert_eq!(serial, parallel);
}

#[test]
fn pathological_input_does_not_panic() {
    for text in [
        "\u{200D}\u{FE0F}",
        "a\u{0301}\u{0301}\u{0301}",
        "\t\t탭",
        "\r\n",
        "ᅟᅠ",
        "(((((((((((",
        "))))))))))))",
        "가",
    ] {
        for width in [0.0, 1.0, 5.0, 1000.0] {
            let _ = set(text, width);
        }
    }
    let long: String = "가".repeat(5_000);
    let s = set(&long, 100.0);
    assert!(s.lines.len() > 40);
}

/// Timing report (not a gate): `cargo test --release --lib text::tests::timing -- --ignored --nocapture`.
#[test]
#[ignore]
fn timing() {
    use std::time::Instant;
    let t = Instant::now();
    let book = FontBook::load(&FontOptions::default()).expect("fonts");
    eprintln!("FontBook::load (first): {:?}", t.elapsed());
    let t = Instant::now();
    let _ = FontBook::load(&FontOptions::default()).expect("fonts");
    eprintln!("FontBook::load (again): {:?}", t.elapsed());
    // 1,000 syllables of varied Korean prose (words of 2–5 syllables).
    let mut text = String::new();
    let mut n = 0u32;
    let mut seed = 12345u32;
    while n < 1000 {
        let len = 2 + seed % 4;
        for _ in 0..len {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let syl = 0xAC00 + (seed >> 8) % 2_350;
            text.push(char::from_u32(syl).unwrap_or('가'));
            n += 1;
        }
        text.push(' ');
    }
    let p = para(text.trim_end());
    for (label, cache) in [
        ("cold cache", ShapeCache::default()),
        ("", ShapeCache::default()),
    ] {
        let t = Instant::now();
        let s = set_paragraph(&p, &book, &cache, &opts(400.0));
        let cold = t.elapsed();
        let t = Instant::now();
        let s2 = set_paragraph(&p, &book, &cache, &opts(400.0));
        let warm = t.elapsed();
        assert_eq!(s.lines.len(), s2.lines.len());
        eprintln!(
            "set_paragraph 1000 syllables, {} lines: {label} {cold:?}, warm cache {warm:?}",
            s.lines.len()
        );
    }
    let mut o = opts(400.0);
    o.korean = KoreanBreak::Syllable;
    let cache = ShapeCache::default();
    let t = Instant::now();
    let s = set_paragraph(&p, &book, &cache, &o);
    eprintln!(
        "syllable mode, cold: {:?} ({} lines)",
        t.elapsed(),
        s.lines.len()
    );
}

#[test]
fn random_text_never_panics_and_keeps_order() {
    let pool: Vec<char> =
        "가나다 한글 漢字 abc xyz 123 .,?!·:;()「」“”—…\n\t ᄒᆞᆫ é\u{1F600}\u{200D}\u{0301}-/"
            .chars()
            .collect();
    let mut seed = 7u64;
    let mut next = || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize
    };
    for _ in 0..300 {
        let len = next() % 120;
        let text: String = (0..len).map(|_| pool[next() % pool.len()]).collect();
        let mut o = opts((next() % 300) as f32);
        o.korean = if next() % 2 == 0 {
            KoreanBreak::Word
        } else {
            KoreanBreak::Syllable
        };
        o.first_indent = Pt((next() % 30) as f32);
        let s = set_with(&text, o);
        let mut at = 0;
        for l in &s.lines {
            assert_eq!(l.source.start, at, "{text:?}");
            assert!(l.source.end >= l.source.start);
            for r in &l.runs {
                for g in &r.glyphs {
                    assert!(
                        g.text_range().end <= r.text.len()
                            && r.text.is_char_boundary(g.text_range().start)
                    );
                }
            }
            at = l.source.end;
        }
        if !text.is_empty() {
            assert_eq!(at, text.len(), "{text:?}");
        }
    }
}

#[test]
fn no_stray_last_syllable() {
    // A last line holding one stray syllable is avoided whenever the lines above can absorb it
    // (below ~75 pt the lines hold two words and it cannot be).
    let text = "오늘 밤 열한 시에 사람들이 가장 많이 글을 읽는다는 조사 결과가 나왔다 봐";
    for width in (76..=300).step_by(2) {
        let s = set(text, width as f32);
        let last = lines_of(&s).pop().unwrap_or_default();
        assert!(
            last.chars().count() > 2 || s.lines.len() == 1,
            "width {width}: {last:?}"
        );
    }
}

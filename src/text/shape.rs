//! Shaping with harfrust, cached per (face, script, language, text).
//!
//! Words are shaped in isolation (the break opportunities of `breaks.rs` delimit them): Korean
//! text repeats words and particles constantly, so the cache hit rate is high, and a shaped word
//! never depends on where the line ends.

use crate::font::{FaceId, FontBook};
use harfrust::{Buffer, Direction, Font, Language, Script, ShapeOptions, ShapePlan, ShaperFont};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, RwLock};

/// One glyph in font units, its cluster relative to the shaped text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct RawGlyph {
    /// Glyph id.
    pub id: u16,
    /// Advance in font units.
    pub advance: i32,
    /// Offsets in font units.
    pub x_offset: i32,
    /// Vertical offset in font units (positive = up).
    pub y_offset: i32,
    /// Byte offset of the glyph's cluster in the shaped text.
    pub cluster: u32,
}

/// Identifies a face independently of the `FontBook` that numbered it: its bytes and index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct FontKey(usize, u32);

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct WordKey {
    font: FontKey,
    script: [u8; 4],
    lang: Arc<str>,
    text: Box<str>,
}

/// A shaping plan depends on the face, script and language.
type PlanKey = (FontKey, [u8; 4], Arc<str>);

const SHARDS: usize = 16;

/// The shared state behind `ShapeCache`: harfrust fonts and plans per face, shaped words.
#[derive(Default)]
pub(crate) struct Cache {
    fonts: RwLock<HashMap<FontKey, Font>>,
    plans: RwLock<HashMap<PlanKey, Arc<ShapePlan>>>,
    /// Sharded so rayon threads rarely wait on each other.
    words: [RwLock<HashMap<WordKey, Arc<[RawGlyph]>>>; SHARDS],
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let words: usize = self
            .words
            .iter()
            .map(|s| s.read().map(|m| m.len()).unwrap_or(0))
            .sum();
        f.debug_struct("ShapeCache").field("words", &words).finish()
    }
}

fn font_key(fonts: &FontBook, face: FaceId) -> FontKey {
    let f = fonts.face(face);
    FontKey(Arc::as_ptr(&f.data) as usize, f.index)
}

impl Cache {
    fn font(&self, fonts: &FontBook, face: FaceId, key: FontKey) -> Option<Font> {
        if let Ok(map) = self.fonts.read()
            && let Some(font) = map.get(&key)
        {
            return Some(font.clone());
        }
        let f = fonts.face(face);
        let blob: harfrust::font::Blob = match fonts.static_data(face) {
            Some(bytes) => bytes.into(),
            None => (f.data.clone() as Arc<dyn AsRef<[u8]> + Send + Sync>).into(),
        };
        let font = Font::new(blob, f.index)?;
        if let Ok(mut map) = self.fonts.write() {
            map.insert(key, font.clone());
        }
        Some(font)
    }

    fn plan(&self, font: &Font, key: FontKey, script: Script, lang: &Arc<str>) -> Arc<ShapePlan> {
        let pkey = (key, script.tag().to_be_bytes(), lang.clone());
        if let Ok(map) = self.plans.read()
            && let Some(plan) = map.get(&pkey)
        {
            return plan.clone();
        }
        let language = lang.parse::<Language>().ok();
        let plan = Arc::new(ShapePlan::new(
            font,
            Direction::LeftToRight,
            Some(script),
            language.as_ref(),
            &[],
        ));
        if let Ok(mut map) = self.plans.write() {
            map.insert(pkey, plan.clone());
        }
        plan
    }

    /// Shapes `text` with `face`, from the cache when possible. Unusable fonts give no glyphs.
    pub(crate) fn shape(
        &self,
        fonts: &FontBook,
        face: FaceId,
        script: Script,
        lang: &Arc<str>,
        text: &str,
    ) -> Arc<[RawGlyph]> {
        let key = WordKey {
            font: font_key(fonts, face),
            script: script.tag().to_be_bytes(),
            lang: lang.clone(),
            text: text.into(),
        };
        let mut h = std::collections::hash_map::DefaultHasher::new();
        key.hash(&mut h);
        let shard = &self.words[(h.finish() as usize) % SHARDS];
        if let Ok(map) = shard.read()
            && let Some(g) = map.get(&key)
        {
            return g.clone();
        }
        let glyphs: Arc<[RawGlyph]> = match self.font(fonts, face, key.font) {
            Some(font) => {
                let plan = self.plan(&font, key.font, script, lang);
                shape_uncached(&font, &plan, script, text).into()
            }
            None => Arc::from(Vec::new()),
        };
        if let Ok(mut map) = shard.write() {
            map.insert(key, glyphs.clone());
        }
        glyphs
    }
}

fn shape_uncached(font: &Font, plan: &ShapePlan, script: Script, text: &str) -> Vec<RawGlyph> {
    let shaper = ShaperFont::new(font);
    let mut buffer = Buffer::new();
    buffer.push_str(text);
    buffer.set_direction(Direction::LeftToRight);
    buffer.set_script(Some(script));
    if let Some(lang) = plan.language() {
        buffer.set_language(Some(lang.clone()));
    }
    if harfrust::shape(&shaper, &mut buffer, ShapeOptions::new().plan(Some(plan))).is_err() {
        return Vec::new();
    }
    buffer
        .glyph_infos()
        .iter()
        .zip(buffer.glyph_positions())
        .map(|(i, p)| RawGlyph {
            id: u16::try_from(i.glyph_id).unwrap_or(0),
            advance: p.x_advance,
            x_offset: p.x_offset,
            y_offset: p.y_offset,
            cluster: i.cluster,
        })
        .collect()
}

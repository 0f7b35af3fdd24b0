//! Step 3a of images: a raster image is checked the way the PDF writer will use it, so that an
//! image that passes cannot fail later (krilla decodes lazily, at `Document::finish`, and one
//! bad image used to abort the whole PDF) and an image krilla can draw is never refused.
//!
//! The checks mirror krilla 0.8.2 `src/graphics/image.rs` call for call — the same crates
//! (`png`, `zune-jpeg`, `gif`, `image-webp`, at the versions krilla's Cargo.toml asks for), the
//! same decoder settings (PNG `EXPAND`, GIF RGBA output, the crates' default memory limits) —
//! after two checks of our own: the header must give a size (`imagesize`, which layout also
//! uses to scale the figure) and that size must be within `Limits::image_pixels`, before any
//! pixel buffer is allocated.

use super::Problem;
use super::sniff::Format;
use crate::limits::Limits;
use std::io::Cursor;

/// Checks one raster image; `Ok` means krilla will embed it and layout can size it.
pub(super) fn check_raster(format: Format, data: &[u8], limits: &Limits) -> Result<(), Problem> {
    let name = format.name();
    let size = imagesize::blob_size(data)
        .map_err(|e| Problem::invalid(format!("its {name} header cannot be read ({e})")))?;
    let (w, h) = (size.width as u64, size.height as u64);
    if w == 0 || h == 0 {
        return Err(Problem::invalid(format!(
            "its {name} header declares an empty size ({w} × {h})"
        )));
    }
    // Limits: pixels as declared, checked before decoding allocates width × height × 4 bytes.
    let pixels = w.saturating_mul(h);
    if pixels > limits.image_pixels {
        return Err(Problem::too_large(format!(
            "it declares {w} × {h} = {pixels} pixels, over the limit of {} (limits.image_pixels)",
            limits.image_pixels
        )));
    }
    let decoded = match format {
        Format::Png => decode_png(data),
        Format::Jpeg => decode_jpeg(data),
        Format::Gif => decode_gif(data),
        Format::Webp => decode_webp(data),
        Format::Svg => Ok(()),
    };
    decoded.map_err(|e| Problem::invalid(format!("it is not a valid {name} image ({e})")))
}

/// krilla `png_metadata` + `decode_png`: EXPAND, default limits, the first frame in full.
fn decode_png(data: &[u8]) -> Result<(), String> {
    let mut decoder = png::Decoder::new(Cursor::new(data));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let (color, depth) = reader.output_color_type();
    // krilla refuses indexed output and depths other than 8 and 16 (EXPAND removes both).
    if color == png::ColorType::Indexed {
        return Err("indexed colour after expansion".into());
    }
    if !matches!(depth, png::BitDepth::Eight | png::BitDepth::Sixteen) {
        return Err("unsupported bit depth".into());
    }
    let len = reader.output_buffer_size().ok_or("image is too large")?;
    let mut buf = vec![0; len];
    reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    Ok(())
}

/// krilla `jpeg_metadata` + `decode_jpeg`: the headers must decode and the colour space must
/// be one krilla passes through. krilla embeds the JPEG bytes as they are (DCTDecode) and never
/// decodes the scans, so neither do we: a full zune-jpeg decode of 40 twelve-megapixel photos
/// took the build from 8 s to 20 s, for damage that cannot fail the PDF writer.
fn decode_jpeg(data: &[u8]) -> Result<(), String> {
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    let mut decoder = zune_jpeg::JpegDecoder::new(Cursor::new(data));
    decoder.decode_headers().map_err(|e| e.to_string())?;
    decoder
        .dimensions()
        .ok_or("failed to read image dimensions")?;
    let space = decoder
        .input_colorspace()
        .ok_or("failed to read image colour space")?;
    if !matches!(
        space,
        ColorSpace::Luma
            | ColorSpace::YCbCr
            | ColorSpace::RGB
            | ColorSpace::CMYK
            | ColorSpace::YCCK
    ) {
        return Err(format!("unsupported colour space {space:?}"));
    }
    Ok(())
}

/// krilla `gif_metadata` + `decode_gif`: RGBA output, the first frame must exist and decode.
fn decode_gif(data: &[u8]) -> Result<(), String> {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    let mut decoder = options.read_info(data).map_err(|e| e.to_string())?;
    decoder
        .read_next_frame()
        .map_err(|e| e.to_string())?
        .ok_or("the GIF has no frame")?;
    Ok(())
}

/// krilla `webp_metadata` + `decode_webp`: the ICC chunk must parse, the first frame decode.
fn decode_webp(data: &[u8]) -> Result<(), String> {
    let mut decoder = image_webp::WebPDecoder::new(Cursor::new(data)).map_err(|e| e.to_string())?;
    decoder.icc_profile().map_err(|e| e.to_string())?;
    let len = decoder.output_buffer_size().ok_or("image is too large")?;
    let mut buf = vec![0; len];
    decoder.read_image(&mut buf).map_err(|e| e.to_string())?;
    Ok(())
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A valid 2 × 2 RGB PNG made with the `png` encoder.
    pub(crate) fn tiny_png(w: u32, h: u32) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, w, h);
            enc.set_color(png::ColorType::Rgb);
            enc.set_depth(png::BitDepth::Eight);
            if let Ok(mut writer) = enc.write_header() {
                writer
                    .write_image_data(&vec![200; (w * h * 3) as usize])
                    .ok();
            }
        }
        out
    }

    #[test]
    fn accepts_a_valid_png() {
        let png = tiny_png(2, 2);
        assert!(check_raster(Format::Png, &png, &Limits::default()).is_ok());
    }

    #[test]
    fn refuses_truncated_png_like_krilla_would_fail() {
        let png = tiny_png(64, 64);
        let cut = &png[..png.len() - 20];
        let e = check_raster(Format::Png, cut, &Limits::default());
        assert_eq!(e.map_err(|p| p.code), Err("image-invalid"));
        // The same bytes make krilla fail at finish: the check and the writer agree.
        let img = krilla::image::Image::from_png(cut.to_vec().into(), true);
        let mut doc = krilla::Document::new();
        if let Ok(img) = img {
            let mut page = doc.start_page();
            let mut surface = page.surface();
            if let Some(size) = krilla::geom::Size::from_wh(10.0, 10.0) {
                surface.draw_image(img, size);
            }
            surface.finish();
            page.finish();
            assert!(doc.finish().is_err());
        }
    }

    #[test]
    fn refuses_declared_pixels_over_the_limit_before_decoding() {
        // Header of a 70,000 × 70,000 PNG: IHDR only, no pixel data.
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend_from_slice(&70_000u32.to_be_bytes());
        ihdr.extend_from_slice(&70_000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        png.extend_from_slice(&13u32.to_be_bytes());
        png.extend_from_slice(&ihdr);
        png.extend_from_slice(&[0, 0, 0, 0]);
        let e = check_raster(Format::Png, &png, &Limits::default());
        assert_eq!(e.map_err(|p| p.code), Err("image-too-large"));
    }

    #[test]
    fn refuses_corrupt_jpeg() {
        let e = check_raster(
            Format::Jpeg,
            &[0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3],
            &Limits::default(),
        );
        assert!(e.is_err());
    }
}

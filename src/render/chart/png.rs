/*!
A chart as a PNG image, for documents that take no SVG: the chart's SVG
rendered by `resvg` at twice its size (sharp when printed), with the
machine's own fonts. No font is shipped in the binary: the text of a chart is
drawn in the first of the usual sans-serif families the system has.
*/

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{Options, Tree};

/// Pixels per SVG unit: a 900-unit-wide chart is 1,800 pixels wide.
const SCALE: f32 = 2.0;

/// The sans-serif families a chart's text is drawn in, first found first:
/// those of the SVG's `font-family`, then the usual free ones.
const SANS_SERIF: [&str; 6] = [
    "Helvetica",
    "Arial",
    "Liberation Sans",
    "DejaVu Sans",
    "Noto Sans",
    "Cantarell",
];

/// A rendered chart, and whether its text could be drawn.
pub struct Rendered {
    pub png: Vec<u8>,
    /// No font was found on the system: the image has shapes but no text.
    pub without_text: bool,
}

/// The chart `svg` as a PNG; `Err` says why it cannot be drawn.
pub fn png_of(svg: &str) -> Result<Rendered, String> {
    let mut options = Options::default();
    let fonts = options.fontdb_mut();
    fonts.load_system_fonts();
    let without_text = fonts.is_empty();
    let found = SANS_SERIF.iter().find(|family| {
        fonts
            .faces()
            .any(|face| face.families.iter().any(|(name, _)| name == *family))
    });
    if let Some(family) = found {
        fonts.set_sans_serif_family(*family);
    }
    let tree =
        Tree::from_str(svg, &options).map_err(|error| format!("cannot draw the chart: {error}"))?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(SCALE)
        .ok_or("the chart is too large to draw as a PNG")?;
    let mut pixmap = Pixmap::new(size.width(), size.height())
        .ok_or("the chart is too large to draw as a PNG")?;
    resvg::render(
        &tree,
        Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    let png = pixmap
        .encode_png()
        .map_err(|error| format!("cannot encode the PNG: {error}"))?;
    Ok(Rendered { png, without_text })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_chart_becomes_a_png_twice_its_size() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 30 20\" \
                   width=\"30\" height=\"20\"><rect width=\"30\" height=\"20\" fill=\"#0072B2\"/></svg>";
        let rendered = png_of(svg).unwrap();
        // The PNG signature, then the IHDR chunk: width and height at bytes 16..24.
        assert_eq!(&rendered.png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&rendered.png[16..24], &[0, 0, 0, 60, 0, 0, 0, 40]);
    }

    #[test]
    fn text_that_is_not_svg_is_an_error() {
        assert!(png_of("not a chart").is_err());
    }
}

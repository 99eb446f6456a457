//! The presence check's code as a picture: four digits drawn as strokes (no text in the
//! image), each a little shifted and tilted, so a script that only clicks, or reads the page's
//! text and JSON, has nothing to copy; a person reads it off the video and types it.

use crate::app::learning::playbacks;
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::ApiPath;
use crate::http::session::Caller;
use crate::http::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use ganxun_domain::PlaybackId;
use rand::Rng;

/// The segments of each digit on a seven-segment face: a top, b upper right, c lower right,
/// d bottom, e lower left, f upper left, g middle.
const DIGITS: [&str; 10] = [
    "abcdef", "bc", "abdeg", "abcdg", "bcfg", "acdfg", "acdefg", "abc", "abcdefg", "abcdfg",
];

/// The waiting presence check's code, drawn (`image/svg+xml`).
#[utoipa::path(get, path = "/learning/playbacks/{id}/presence", tag = "learning",
    params(("id" = i64, Path, description = "播放 ID")),
    responses((status = 200, content_type = "image/svg+xml"), (status = 404, body = ErrorBody)))]
pub(super) async fn presence(
    State(state): State<AppState>,
    Caller(p): Caller,
    ApiPath(id): ApiPath<PlaybackId>,
) -> ApiResult<impl IntoResponse> {
    let code = playbacks::presence_code(&state.app, &p, id).await?;
    Ok((
        [(header::CONTENT_TYPE, "image/svg+xml")],
        draw(&code, &mut rand::thread_rng()),
    ))
}

fn draw(code: &str, rng: &mut impl Rng) -> String {
    let mut paths = String::new();
    for (index, digit) in code.chars().filter_map(|c| c.to_digit(10)).enumerate() {
        let x = 14.0 + index as f64 * 44.0 + rng.gen_range(-3.0..3.0);
        let y = 12.0 + rng.gen_range(-4.0..4.0);
        let tilt = rng.gen_range(-12.0..12.0);
        let mut d = String::new();
        for segment in DIGITS[digit as usize].chars() {
            let (x1, y1, x2, y2) = match segment {
                'a' => (0.0, 0.0, 24.0, 0.0),
                'b' => (24.0, 0.0, 24.0, 24.0),
                'c' => (24.0, 24.0, 24.0, 48.0),
                'd' => (0.0, 48.0, 24.0, 48.0),
                'e' => (0.0, 24.0, 0.0, 48.0),
                'f' => (0.0, 0.0, 0.0, 24.0),
                _ => (0.0, 24.0, 24.0, 24.0),
            };
            let jitter = |rng: &mut dyn rand::RngCore| rng.gen_range(-1.5..1.5);
            d.push_str(&format!(
                "M{:.1} {:.1}L{:.1} {:.1}",
                x1 + jitter(rng),
                y1 + jitter(rng),
                x2 + jitter(rng),
                y2 + jitter(rng)
            ));
        }
        paths.push_str(&format!(
            "<path transform=\"translate({x:.1} {y:.1}) rotate({tilt:.1} 12 24)\" d=\"{d}\"/>"
        ));
    }
    // A few stray strokes so the digits are not the only lines.
    for _ in 0..4 {
        paths.push_str(&format!(
            "<path d=\"M{:.1} {:.1}L{:.1} {:.1}\" stroke-width=\"1.5\" opacity=\"0.5\"/>",
            rng.gen_range(0.0..190.0),
            rng.gen_range(0.0..72.0),
            rng.gen_range(0.0..190.0),
            rng.gen_range(0.0..72.0)
        ));
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"190\" height=\"72\" viewBox=\"0 0 190 72\">\
         <rect width=\"190\" height=\"72\" fill=\"#fff\"/>\
         <g fill=\"none\" stroke=\"#1f2d3d\" stroke-width=\"4\" stroke-linecap=\"round\">{paths}</g></svg>"
    )
}

#[cfg(test)]
mod tests {
    use super::draw;
    use rand::SeedableRng;

    #[test]
    fn the_picture_has_strokes_and_no_digits_as_text() {
        let svg = draw("4071", &mut rand::rngs::StdRng::seed_from_u64(7));
        assert!(svg.starts_with("<svg"));
        // Four digits (4: 4 strokes, 0: 6, 7: 3, 1: 2) and four stray strokes.
        assert_eq!(svg.matches("<path").count(), 8);
        assert!(!svg.contains("<text"));
        assert!(!svg.contains("4071"));
    }
}

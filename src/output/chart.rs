//! Charts drawn once, by the engine, and used alike in the app (SVG) and the briefing (SVG in the
//! PDF, PNG beside it).

use chrono::Timelike;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::analytics::SeriesPoint;
use crate::error::{Error, Result};
use crate::output::fonts::{register_chart_fonts, CHART_FAMILY};
use crate::output::timeline::Overlays;

/// The chart's size in CSS pixels (SVG) — PNGs are drawn at a multiple of it.
pub const SIZE: (u32, u32) = (960, 360);

pub(crate) const ACCENT: RGBColor = RGBColor(0x1f, 0x5f, 0xa8);
const PEOPLE: RGBColor = RGBColor(0xd9, 0x6c, 0x1e);
pub(crate) const INK: RGBColor = RGBColor(0x33, 0x33, 0x33);
pub(crate) const GRID: RGBColor = RGBColor(0xe4, 0xe6, 0xea);
pub(crate) const INCIDENT: RGBColor = RGBColor(0xb4, 0x23, 0x18);
const BAND: RGBColor = RGBColor(0xb8, 0xc2, 0xcc);
const BAND_LINE: RGBColor = RGBColor(0x8a, 0x94, 0x9e);
const OFFICIAL: RGBColor = RGBColor(0x1e, 0x7d, 0x4f);

/// Where the days sit on the chart, so that a pointer on it can be turned into a day: day
/// position `x_first` is at pixel `left` and `x_last` at pixel `right`, in the SVG's pixels.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct ChartPlot {
    pub width: u32,
    pub height: u32,
    pub left: i32,
    pub right: i32,
    pub top: i32,
    pub bottom: i32,
    pub x_first: f64,
    pub x_last: f64,
}

impl ChartPlot {
    /// The day (index into the series) under pixel column `x`, if it is inside the plot.
    pub fn day_at(&self, x: f64, days: usize) -> Option<usize> {
        if days == 0 || x < f64::from(self.left) - 0.5 || x > f64::from(self.right) + 0.5 {
            return None;
        }
        let span = f64::from((self.right - self.left).max(1));
        let at = self.x_first + (x - f64::from(self.left)) / span * (self.x_last - self.x_first);
        Some(at.round().clamp(0.0, (days - 1) as f64) as usize)
    }
}

/// The exposure chart as an SVG document, with where its days are.
pub fn exposure_chart(series: &[SeriesPoint], overlays: &Overlays) -> Result<(String, ChartPlot)> {
    register_chart_fonts();
    let mut svg = String::new();
    let plot = {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        let plot = draw_exposure(&root, series, overlays, 1.0).map_err(chart_error)?;
        root.present().map_err(chart_error)?;
        plot
    };
    Ok((svg, plot))
}

/// The exposure chart as an SVG document.
pub fn exposure_svg(series: &[SeriesPoint], overlays: &Overlays) -> Result<String> {
    exposure_chart(series, overlays).map(|(svg, _)| svg)
}

/// The exposure chart as a PNG image, `scale` times the SVG's size.
pub fn exposure_png(series: &[SeriesPoint], overlays: &Overlays, scale: u32) -> Result<Vec<u8>> {
    register_chart_fonts();
    let (w, h) = (SIZE.0 * scale, SIZE.1 * scale);
    let mut rgb = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        draw_exposure(&root, series, overlays, scale as f64).map_err(chart_error)?;
        root.present().map_err(chart_error)?;
    }
    let mut png = Vec::new();
    image::ImageEncoder::write_image(
        image::codecs::png::PngEncoder::new(&mut png),
        &rgb,
        w,
        h,
        image::ColorType::Rgb8,
    )
    .map_err(|e| Error::Internal(format!("PNG encoding: {e}")))?;
    Ok(png)
}

fn chart_error(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("drawing the chart: {e}"))
}

/// Mentions per day as a filled area over the baseline band, distinct people posting as a line,
/// incidents as shaded bands, spikes as marks along the top, official posts as triangles along
/// the bottom, and the peak labelled.
fn draw_exposure<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    series: &[SeriesPoint],
    overlays: &Overlays,
    scale: f64,
) -> Result<ChartPlot, DrawingAreaErrorKind<DB::ErrorType>> {
    let px = |v: f64| (v * scale).round() as i32;
    let font = |size: f64| (CHART_FAMILY, size * scale).into_font().color(&INK);
    root.fill(&WHITE)?;

    let n = series.len().max(1);
    // The normal range is drawn whole: a day far below its upper edge is as telling as one
    // above it.
    let band_top = overlays
        .band
        .iter()
        .flatten()
        .map(|b| b.upper)
        .fold(0.0, f64::max);
    let max = (series
        .iter()
        .map(|p| p.totals.mentions)
        .max()
        .unwrap_or(0)
        .max(4) as f64)
        .max(band_top);
    let mut chart = ChartBuilder::on(root)
        .margin_top(px(28.0))
        .margin_right(px(18.0))
        .margin_left(px(8.0))
        .margin_bottom(px(6.0))
        .x_label_area_size(px(30.0))
        .y_label_area_size(px(52.0))
        .build_cartesian_2d(x_range(n), 0f64..max * 1.12)?;
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let (width, height) = root.dim_in_pixel();
    let plot = ChartPlot {
        width,
        height,
        left: xs.start,
        right: xs.end - 1,
        top: ys.start,
        bottom: ys.end - 1,
        x_first: x_range(n).start,
        x_last: x_range(n).end,
    };

    draw_axes(&mut chart, series, 6, &|v| format_count(*v), font(12.0))?;

    let top = max * 1.12;
    // Each label goes on the lowest line where it does not print over an earlier one.
    let mut lines: Vec<i32> = Vec::new(); // per line, the pixel where its last label ends
    for (k, incident) in overlays.incidents.iter().enumerate() {
        let x1 = incident.end.max(incident.start + 0.08);
        let band = chart.draw_series([Rectangle::new(
            [(incident.start, 0.0), (x1, top)],
            INCIDENT.mix(0.13).filled(),
        )])?;
        if k == 0 {
            band.label("Incident (your ticket)").legend(move |(x, y)| {
                Rectangle::new([(x, y - 5), (x + 14, y + 5)], INCIDENT.mix(0.25).filled())
            });
        }
        let at = chart.backend_coord(&(incident.start, 0.0)).0;
        let width = (incident.label.chars().count() as f64 * px(6.2) as f64) as i32;
        // Right of the band's start, or left of it where it would run past the plot's edge.
        let fits = at + px(3.0) + width <= plot.right;
        let (start, dx, anchor) = match fits {
            true => (at + px(3.0), px(3.0), HPos::Left),
            false => (at - px(3.0) - width, -px(3.0), HPos::Right),
        };
        let line = match lines.iter().position(|&end| end + px(6.0) <= start) {
            Some(line) => line,
            None => {
                lines.push(i32::MIN);
                lines.len() - 1
            }
        };
        lines[line] = start + width;
        // Above the official posts' triangles along the bottom, when there are some.
        let floor = if overlays.official.is_empty() {
            4.0
        } else {
            14.0
        };
        let raise = px(floor) + line as i32 * px(13.0);
        chart.draw_series([EmptyElement::at((incident.start, 0.0))
            + Text::new(
                incident.label.clone(),
                (dx, -raise),
                font(10.5)
                    .color(&INCIDENT)
                    .pos(Pos::new(anchor, VPos::Bottom)),
            )])?;
    }
    let band: Vec<(f64, f64, f64)> = overlays
        .band
        .iter()
        .enumerate()
        .filter_map(|(i, b)| b.map(|b| (i as f64, b.baseline, b.upper)))
        .collect();
    if band.len() > 1 {
        // From nothing to the upper edge: mentions only rise out of the normal range (a quiet
        // day is no news), so everything under the edge is normal; the dashed line is the
        // typical level.
        let mut outline: Vec<(f64, f64)> = band.iter().map(|b| (b.0, b.2.min(top))).collect();
        outline.extend(band.iter().rev().map(|b| (b.0, 0.0)));
        chart
            .draw_series([Polygon::new(outline, BAND.mix(0.35).filled())])?
            .label("Normal range")
            .legend(move |(x, y)| {
                Rectangle::new([(x, y - 5), (x + 14, y + 5)], BAND.mix(0.5).filled())
            });
        chart.draw_series(DashedLineSeries::new(
            band.iter().map(|b| (b.0, b.1)),
            px(4.0) as u32,
            px(3.0) as u32,
            BAND_LINE.stroke_width(px(1.0) as u32),
        ))?;
    }

    let mentions = series
        .iter()
        .enumerate()
        .map(|(i, p)| (i as f64, p.totals.mentions as f64));
    if n <= 3 {
        // Too few days for an area to read as one: draw columns.
        chart.draw_series(series.iter().enumerate().map(|(i, p)| {
            let x = i as f64;
            Rectangle::new(
                [(x - 0.15, 0.0), (x + 0.15, p.totals.mentions as f64)],
                ACCENT.mix(0.6).filled(),
            )
        }))?;
    }
    chart
        .draw_series(
            AreaSeries::new(mentions.clone(), 0.0, ACCENT.mix(0.18))
                .border_style(ACCENT.stroke_width(px(2.0) as u32)),
        )?
        .label("Mentions")
        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], ACCENT.filled()));
    chart
        .draw_series(LineSeries::new(
            series
                .iter()
                .enumerate()
                .map(|(i, p)| (i as f64, p.totals.unique_authors as f64)),
            PEOPLE.stroke_width(px(2.0) as u32),
        ))?
        .label("People posting")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], PEOPLE.stroke_width(3)));

    if let Some((i, p)) = series
        .iter()
        .enumerate()
        .filter(|(_, p)| p.totals.mentions > 0)
        .max_by(|a, b| {
            a.1.totals
                .mentions
                .cmp(&b.1.totals.mentions)
                .then(b.0.cmp(&a.0))
        })
    {
        let at = (i as f64, p.totals.mentions as f64);
        chart.draw_series([Circle::new(at, px(4.0), ACCENT.filled())])?;
        let text = format!("Peak {} · {}", format_count(at.1), bucket_name(series, p));
        let anchor = if i > n * 2 / 3 {
            Pos::new(HPos::Right, VPos::Bottom)
        } else {
            Pos::new(HPos::Left, VPos::Bottom)
        };
        let offset = if i > n * 2 / 3 { -px(8.0) } else { px(8.0) };
        chart.draw_series([
            EmptyElement::at(at) + Text::new(text, (offset, -px(6.0)), font(12.0).pos(anchor))
        ])?;
    }

    if n <= 3 {
        // A line of one or two points hardly shows: mark each.
        chart.draw_series(series.iter().enumerate().map(|(i, p)| {
            Circle::new(
                (i as f64, p.totals.unique_authors as f64),
                px(4.0),
                PEOPLE.filled(),
            )
        }))?;
    }

    for (k, spike) in overlays.spikes.iter().enumerate() {
        let colour = match spike.severity.as_str() {
            "critical" => INCIDENT,
            "major" => RGBColor(0xd9, 0x6c, 0x1e),
            _ => RGBColor(0xc9, 0xa2, 0x27),
        };
        let (x0, x1) = (spike.start as f64 - 0.35, spike.end as f64 + 0.35);
        let bar = chart.draw_series([Rectangle::new(
            [(x0, top * 0.985), (x1, top * 0.955)],
            colour.filled(),
        )])?;
        if k == 0 {
            bar.label("Spike (minor, major, critical)")
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 2), (x + 14, y + 2)], INCIDENT.filled())
                });
        }
    }

    let (first, last) = (x_range(n).start, x_range(n).end);
    for (k, official) in overlays.official.iter().enumerate() {
        let at = (official.at.clamp(first, last), 0.0);
        let mark = chart
            .draw_series([EmptyElement::at(at)
                + TriangleMarker::new((0, -px(5.0)), px(5.0), OFFICIAL.filled())])?;
        if k == 0 {
            let size = px(5.0);
            mark.label("Official post (your accounts)")
                .legend(move |(x, y)| TriangleMarker::new((x + 7, y), size, OFFICIAL.filled()));
        }
    }

    legend(&mut chart, legend_corner(series, overlays, top), font(12.0))?;
    Ok(plot)
}

/// The top corner where the legend hides least: the one over fewer spike marks and incident
/// bands, then fewer days in the chart's upper third (where the legend box lies), left on a tie.
fn legend_corner(series: &[SeriesPoint], overlays: &Overlays, top: f64) -> SeriesLabelPosition {
    let n = series.len();
    // The legend box covers about a quarter of the width.
    let reach = (n as f64 * 0.25).ceil() as usize;
    let hidden = |days: std::ops::Range<usize>| {
        let spikes = overlays
            .spikes
            .iter()
            .filter(|s| s.start < days.end && s.end >= days.start)
            .count();
        let incidents = overlays
            .incidents
            .iter()
            .filter(|i| i.start < days.end as f64 && i.end >= days.start as f64)
            .count();
        let high = series[days.clone()]
            .iter()
            .filter(|p| p.totals.mentions as f64 > top * 0.6)
            .count();
        (spikes + incidents) * n + high
    };
    if hidden(n.saturating_sub(reach)..n) < hidden(0..reach.min(n)) {
        SeriesLabelPosition::UpperRight
    } else {
        SeriesLabelPosition::UpperLeft
    }
}

/// The axes both charts share: day labels along the bottom, `y_labels` values up the side,
/// horizontal grid lines only.
fn draw_axes<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    series: &[SeriesPoint],
    y_labels: usize,
    y_format: &dyn Fn(&f64) -> String,
    font: TextStyle<'_>,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let label = |i: &f64| day_label(series, *i);
    // Hours get a tick each and a label on every third (or sixth…) local hour; days let the
    // axis choose up to eight.
    let ticks = if hourly(series) {
        series.len()
    } else {
        series.len().clamp(1, 8)
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .axis_style(RGBColor(0xb0, 0xb4, 0xba))
        .x_labels(ticks)
        .y_labels(y_labels)
        .x_label_formatter(&label)
        .y_label_formatter(y_format)
        .label_style(font)
        .draw()
}

/// Whether the series' buckets are hours (a local day is never shorter than 23 hours).
pub fn hourly(series: &[SeriesPoint]) -> bool {
    series.first().is_some_and(SeriesPoint::is_hour)
}

/// "Sep 2" for the day at axis position `i`; for hours, "14:00" on every third local hour (every
/// sixth or twelfth for longer windows), "Sep 2" at midnight; nothing between buckets.
fn day_label(series: &[SeriesPoint], i: f64) -> String {
    if i < 0.0 || (i - i.round()).abs() > 1e-9 {
        return String::new();
    }
    let Some(p) = series.get(i.round() as usize) else {
        return String::new();
    };
    if !hourly(series) {
        return bucket_name(series, p);
    }
    let every = match series.len() {
        0..=36 => 3,
        37..=72 => 6,
        _ => 12,
    };
    match p.local.hour() {
        0 => day_name(series, p),
        h if h % every == 0 => bucket_name(series, p),
        _ => String::new(),
    }
}

/// "Sep 2" for a day, "07:00" for an hour ("Sep 2 00:00" for the hour from midnight).
fn bucket_name(series: &[SeriesPoint], p: &SeriesPoint) -> String {
    match (hourly(series), p.local.hour()) {
        (false, _) => day_name(series, p),
        (true, 0) => format!("{} 00:00", day_name(series, p)),
        (true, _) => p.local.format("%H:%M").to_string(),
    }
}

/// "Sep 2", or "Sep 2, 2021" on an axis that runs into a second year.
fn day_name(series: &[SeriesPoint], p: &SeriesPoint) -> String {
    use chrono::Datelike;
    let year = |p: Option<&SeriesPoint>| p.map(|p| p.date.year());
    if year(series.first()) == year(series.last()) {
        p.date.format("%b %-d").to_string()
    } else {
        p.date.format("%b %-d, %Y").to_string()
    }
}

/// Day positions 0..n-1; a few days get half a day of room on each side for their columns.
fn x_range(n: usize) -> std::ops::Range<f64> {
    if n <= 3 {
        -0.5..n as f64 - 0.5
    } else {
        0.0..n as f64 - 1.0
    }
}

/// 1234 → "1.2k", 12345 → "12k", 2500000 → "2.5M", 53245300000 → "53.2B". A figure that would
/// round to a thousand of one unit is said in the next ("1.0M", not "1000k").
pub fn format_count(v: f64) -> String {
    let a = v.abs();
    if a < 1e3 {
        format!("{v:.0}")
    } else if a < 1e4 {
        format!("{:.1}k", v / 1e3)
    } else if a < 999.5e3 {
        // Whole thousands from 10k until they would round to "1000k".
        format!("{:.0}k", v / 1e3)
    } else if a < 9.995e6 {
        format!("{:.1}M", v / 1e6)
    } else if a < 999.5e6 {
        // Whole millions from 10M, as whole thousands from 10k: "825M", not "825.0M".
        format!("{:.0}M", v / 1e6)
    } else if a < 9.995e9 {
        format!("{:.1}B", v / 1e9)
    } else {
        format!("{:.0}B", v / 1e9)
    }
}

/// The size of the sentiment chart.
pub const SENTIMENT_SIZE: (u32, u32) = (960, 220);

/// Share of negative posts per day (days without posts are left out), as an SVG document.
pub fn sentiment_svg(series: &[SeriesPoint]) -> Result<String> {
    register_chart_fonts();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SENTIMENT_SIZE).into_drawing_area();
        draw_sentiment(&root, series).map_err(chart_error)?;
        root.present().map_err(chart_error)?;
    }
    Ok(svg)
}

fn draw_sentiment<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    series: &[SeriesPoint],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let font = |size: f64| (CHART_FAMILY, size).into_font().color(&INK);
    root.fill(&WHITE)?;
    let n = series.len().max(1);
    let mut chart = ChartBuilder::on(root)
        .margin_top(12)
        .margin_right(18)
        .margin_left(8)
        .x_label_area_size(28)
        .y_label_area_size(52)
        .build_cartesian_2d(x_range(n), 0f64..100f64)?;
    draw_axes(&mut chart, series, 5, &|v| format!("{v:.0}%"), font(12.0))?;
    let points: Vec<(f64, f64)> = series
        .iter()
        .enumerate()
        .filter(|(_, p)| p.totals.mentions > 0)
        .map(|(i, p)| (i as f64, p.totals.negative_share * 100.0))
        .collect();
    // A day without posts has no share: the line breaks there rather than bridging it.
    let runs = points.chunk_by(|a, b| b.0 - a.0 == 1.0);
    for run in runs.skip(1) {
        chart.draw_series(LineSeries::new(run.to_vec(), INCIDENT.stroke_width(2)))?;
    }
    let first = points
        .chunk_by(|a, b| b.0 - a.0 == 1.0)
        .next()
        .unwrap_or_default();
    chart
        .draw_series(LineSeries::new(first.to_vec(), INCIDENT.stroke_width(2)))?
        .label(if hourly(series) {
            "Negative posts, % of the hour's mentions"
        } else {
            "Negative posts, % of the day's mentions"
        })
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], INCIDENT.stroke_width(3)));
    chart.draw_series(points.iter().map(|p| Circle::new(*p, 2, INCIDENT.filled())))?;
    legend(&mut chart, SeriesLabelPosition::UpperLeft, font(12.0))?;
    Ok(())
}

/// The legend of every chart: labels over a translucent white box, no border.
pub(crate) fn legend<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
    font: TextStyle<'_>,
) -> std::result::Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.85))
        .border_style(TRANSPARENT)
        .label_font(font)
        .draw()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::Totals;

    #[test]
    fn counts_are_said_in_the_largest_unit_they_reach() {
        let said: Vec<String> = [
            999.0,
            1_234.0,
            12_345.0,
            999_499.0,
            999_500.0,
            2_500_000.0,
            12_300_000.0,
            825_000_000.0,
            999_499_999.0,
            999_500_000.0,
            53_245_300_000.0,
            -2_500_000.0,
        ]
        .into_iter()
        .map(format_count)
        .collect();
        assert_eq!(
            said,
            [
                "999", "1.2k", "12k", "999k", "1.0M", "2.5M", "12M", "825M", "999M", "1.0B", "53B",
                "-2.5M"
            ]
        );
    }

    fn series(mentions: &[u64]) -> Vec<SeriesPoint> {
        mentions
            .iter()
            .enumerate()
            .map(|(i, &m)| SeriesPoint {
                date: chrono::NaiveDate::from_ymd_opt(2026, 9, i as u32 + 1).unwrap(),
                local: chrono::NaiveDate::from_ymd_opt(2026, 9, i as u32 + 1)
                    .unwrap()
                    .and_time(chrono::NaiveTime::MIN),
                start: i as i64 * 86_400,
                end: (i as i64 + 1) * 86_400,
                totals: Totals {
                    mentions: m,
                    ..Totals::default()
                },
                baseline: None,
                velocity: None,
                share_of_voice: None,
            })
            .collect()
    }

    #[test]
    fn an_axis_into_a_second_year_names_the_years() {
        let mut days = series(&[1, 2, 3]);
        assert_eq!(day_label(&days, 1.0), "Sep 2");
        days[2].date = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        assert_eq!(day_label(&days, 1.0), "Sep 2, 2026");
        assert_eq!(day_label(&days, 2.0), "Jan 1, 2027");
    }

    /// The peak's dot is drawn at its day: the plot geometry must turn its x back into that day.
    fn peak_dot_x(svg: &str) -> f64 {
        let at = svg.find("<circle").expect("the peak is marked");
        let cx = &svg[at..][svg[at..].find("cx=\"").unwrap() + 4..];
        cx[..cx.find('"').unwrap()].parse().unwrap()
    }

    #[test]
    fn a_pixel_column_maps_back_to_its_day() {
        for (mentions, peak) in [
            (vec![1, 2, 9, 3, 1, 0, 2, 1, 1, 4], 2),
            (
                vec![0, 1, 1, 1, 2, 1, 1, 1, 3, 1, 1, 1, 1, 1, 1, 1, 1, 8],
                17,
            ),
            (vec![5, 7], 1),
            (vec![3], 0),
        ] {
            let s = series(&mentions);
            let (svg, plot) = exposure_chart(&s, &Overlays::default()).unwrap();
            let x = peak_dot_x(&svg);
            assert_eq!(plot.day_at(x, s.len()), Some(peak), "{mentions:?} at x={x}");
            assert_eq!(plot.day_at(f64::from(plot.left), s.len()), Some(0));
            assert_eq!(
                plot.day_at(f64::from(plot.right), s.len()),
                Some(s.len() - 1)
            );
            assert_eq!(plot.day_at(f64::from(plot.left) - 20.0, s.len()), None);
            assert_eq!((plot.width, plot.height), SIZE);
        }
    }

    #[test]
    fn official_posts_are_marked_with_a_legend_entry() {
        let s = series(&[1, 2, 9, 3, 1]);
        let mark = |at: f64| crate::output::timeline::OfficialMark {
            id: 1,
            at,
            created_at: 0,
            handle: "district".into(),
            reply: false,
        };
        let without = exposure_svg(&s, &Overlays::default()).unwrap();
        assert!(!without.contains("Official post"));
        let overlays = Overlays {
            official: vec![mark(1.5), mark(3.25)],
            ..Overlays::default()
        };
        let svg = exposure_svg(&s, &overlays).unwrap();
        assert!(svg.contains("Official post (your accounts)"));
        let green = "#1E7D4F";
        // Two marks and the legend's, drawn as filled polygons.
        assert_eq!(svg.matches(green).count(), 3, "{svg}");
    }
    fn incident(label: &str, start: f64, end: f64) -> crate::output::timeline::IncidentMark {
        crate::output::timeline::IncidentMark {
            id: 1,
            label: label.into(),
            number: None,
            title: label.into(),
            start,
            end,
            lags: crate::incidents::Lags::default(),
            lead: None,
            opened_at: 0,
            resolved_at: None,
        }
    }

    /// Every text of the SVG, with its y.
    fn texts(svg: &str) -> Vec<(f64, String)> {
        svg.split("<text")
            .skip(1)
            .map(|t| {
                let (attrs, rest) = t.split_once('>').unwrap();
                let y = &attrs[attrs.find(" y=\"").unwrap() + 4..];
                let y = y[..y.find('"').unwrap()].parse().unwrap();
                (y, rest[..rest.find("</text>").unwrap()].trim().to_string())
            })
            .collect()
    }

    /// The y of the SVG text that reads `label`.
    fn text_y(svg: &str, label: &str) -> f64 {
        let found = texts(svg).into_iter().find(|(_, t)| t == label);
        found.unwrap_or_else(|| panic!("{label} is drawn")).0
    }

    #[test]
    fn the_legend_names_the_spike_bars_the_incident_bands_and_the_normal_range() {
        let s = series(&[2, 3, 2, 3, 2, 40, 12, 3, 2, 2]);
        let without = exposure_svg(&s, &Overlays::default()).unwrap();
        for entry in [
            "Spike (minor, major, critical)",
            "Incident (your ticket)",
            "Normal range",
        ] {
            assert!(
                !texts(&without).iter().any(|(_, t)| t == entry),
                "{entry} without its overlay"
            );
        }
        let band = Some(crate::output::timeline::BandPoint {
            baseline: 2.0,
            upper: 5.0,
        });
        let overlays = Overlays {
            band: vec![band; s.len()],
            spikes: vec![crate::output::timeline::SpikeMark {
                start: 5,
                peak: 5,
                end: 6,
                severity: "critical".into(),
                peak_mentions: 40.0,
                baseline_at_peak: 2.5,
                began_before: false,
            }],
            incidents: vec![incident("INC0042", 4.5, 6.0), incident("INC0043", 8.0, 9.0)],
            official: vec![],
        };
        let svg = exposure_svg(&s, &overlays).unwrap();
        for entry in [
            "Mentions",
            "People posting",
            "Normal range",
            "Spike (minor, major, critical)",
            "Incident (your ticket)",
        ] {
            let drawn = texts(&svg).iter().filter(|(_, t)| t == entry).count();
            assert_eq!(drawn, 1, "{entry}");
        }
    }

    /// The legend goes to the top corner over fewer spike marks, incident bands and high days.
    #[test]
    fn the_legend_keeps_clear_of_a_spike_at_the_start() {
        let mark = |start| crate::output::timeline::SpikeMark {
            start,
            peak: start,
            end: start,
            severity: "minor".into(),
            peak_mentions: 9.0,
            baseline_at_peak: 2.0,
            began_before: false,
        };
        let s = series(&[9, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
        let with = |spikes| Overlays {
            spikes,
            ..Overlays::default()
        };
        let corner = |o: &Overlays| format!("{:?}", legend_corner(&s, o, 10.0));
        assert_eq!(corner(&with(vec![mark(0)])), "UpperRight");
        assert_eq!(corner(&with(vec![mark(11)])), "UpperLeft");
        assert_eq!(
            corner(&with(vec![mark(0), mark(11)])),
            "UpperRight",
            "a mark each side: the high first day decides"
        );
        let flat = series(&[2; 12]);
        let tie = with(vec![mark(0), mark(11)]);
        assert_eq!(
            format!("{:?}", legend_corner(&flat, &tie, 10.0)),
            "UpperLeft"
        );
        // An incident's band runs the chart's height: the legend keeps clear of it too.
        let band_at = |start, end| Overlays {
            incidents: vec![incident("INC0042", start, end)],
            ..Overlays::default()
        };
        let corner = |o: &Overlays| format!("{:?}", legend_corner(&flat, o, 10.0));
        assert_eq!(corner(&band_at(1.0, 2.0)), "UpperRight");
        assert_eq!(corner(&band_at(10.5, 11.0)), "UpperLeft");
    }

    /// The normal range is drawn whole, from nothing to its upper edge, even above the data.
    #[test]
    fn the_normal_range_is_drawn_from_zero_to_its_upper_edge() {
        let s = series(&[2, 3, 2, 3, 2, 3]);
        let band = Some(crate::output::timeline::BandPoint {
            baseline: 2.0,
            upper: 30.0,
        });
        let overlays = Overlays {
            band: vec![band; s.len()],
            ..Overlays::default()
        };
        let (svg, plot) = exposure_chart(&s, &overlays).unwrap();
        let at = svg.find("<polygon").expect("the band is drawn");
        let points = &svg[at..][svg[at..].find("points=\"").unwrap() + 8..];
        let ys: Vec<f64> = points[..points.find('"').unwrap()]
            .split_whitespace()
            .map(|p| p.split(',').nth(1).unwrap().parse().unwrap())
            .collect();
        let (low, high) = ys
            .iter()
            .fold((f64::MIN, f64::MAX), |(l, h), y| (l.max(*y), h.min(*y)));
        assert_eq!(low, f64::from(plot.bottom), "from zero");
        assert!(
            high > f64::from(plot.top),
            "the upper edge fits under the top"
        );
        assert!(
            high < f64::from(plot.bottom) * 0.3,
            "30 is far above the data: {high}"
        );
    }

    /// An incident near the chart's end has its label left of its band, inside the plot,
    /// where it would run past the edge.
    #[test]
    fn an_incident_label_at_the_end_stays_inside_the_plot() {
        let s = series(&[2; 30]);
        let overlays = Overlays {
            incidents: vec![
                incident("INC0001 portal", 3.0, 4.0),
                incident("INC0009 portal", 28.5, 29.0),
            ],
            ..Overlays::default()
        };
        let (svg, plot) = exposure_chart(&s, &overlays).unwrap();
        let attrs = |label: &str| {
            let at = svg
                .find(&format!(">{label}<"))
                .or_else(|| svg.find(&format!(">\n{label}")));
            let open = svg[..at.unwrap_or_else(|| panic!("{label} drawn"))]
                .rfind("<text")
                .unwrap();
            svg[open..open + svg[open..].find('>').unwrap()].to_string()
        };
        let x = |attrs: &str| -> f64 {
            let x = &attrs[attrs.find(" x=\"").unwrap() + 4..];
            x[..x.find('"').unwrap()].parse().unwrap()
        };
        let end = attrs("INC0009 portal");
        assert!(end.contains("text-anchor=\"end\""), "{end}");
        assert!(x(&end) <= f64::from(plot.right), "{end}");
        assert!(!attrs("INC0001 portal").contains("text-anchor=\"end\""));
    }

    #[test]
    fn incident_labels_that_would_print_over_each_other_go_on_separate_lines() {
        let s = series(&[2; 30]);
        let overlays = Overlays {
            incidents: vec![
                incident("INC0001 portal", 3.0, 4.0),
                incident("INC0002 portal", 3.5, 4.0),
                incident("INC0003 portal", 4.0, 5.0),
                // Far enough along for the first line again.
                incident("INC0004 portal", 20.0, 21.0),
            ],
            ..Overlays::default()
        };
        let svg = exposure_svg(&s, &overlays).unwrap();
        let ys: Vec<f64> = (1..=4)
            .map(|k| text_y(&svg, &format!("INC000{k} portal")))
            .collect();
        assert!(ys[1] < ys[0] && ys[2] < ys[1], "stacked upwards: {ys:?}");
        assert!(
            ys[0] - ys[1] >= 12.0 && ys[1] - ys[2] >= 12.0,
            "a line apart: {ys:?}"
        );
        assert_eq!(ys[3], ys[0], "a label with room goes on the first line");
    }
}

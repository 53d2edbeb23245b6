//! The chart of "Compare with past incidents": each incident's mentions per hour, aligned at its
//! start (hour 0, a dashed line), this incident in red over the earlier ones in muted colours,
//! each named in the legend. Drawn once, for the app (SVG) and the briefing.

use plotters::prelude::*;

use crate::error::{Error, Result};
use crate::incidents::compare::Comparison;
use crate::output::chart::{legend, ACCENT, GRID, INCIDENT, INK};
use crate::output::fonts::{register_chart_fonts, CHART_FAMILY};

/// The chart's size in CSS pixels.
pub const SIZE: (u32, u32) = (960, 300);

/// This incident in the incidents' red; the earlier ones in the accent, fading.
const THIS: RGBColor = INCIDENT;
const EARLIER: [RGBColor; 3] = [
    ACCENT,
    RGBColor(0x6b, 0x8e, 0xb8),
    RGBColor(0xa9, 0xb8, 0xc9),
];

/// The aligned curves as an SVG document.
pub fn compare_svg(c: &Comparison) -> Result<String> {
    register_chart_fonts();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        draw(&root, c).map_err(|e| Error::Internal(format!("drawing the chart: {e}")))?;
        root.present()
            .map_err(|e| Error::Internal(format!("drawing the chart: {e}")))?;
    }
    Ok(svg)
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    c: &Comparison,
) -> std::result::Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let font = |size: f64| (CHART_FAMILY, size).into_font().color(&INK);
    root.fill(&WHITE)?;
    let (first, last) = (-c.before_hours as f64, (c.after_hours - 1) as f64);
    let max = std::iter::once(&c.incident)
        .chain(&c.earlier)
        .flat_map(|p| p.hourly.iter().copied())
        .max()
        .unwrap_or(0)
        .max(4) as f64;
    let mut chart = ChartBuilder::on(root)
        .margin_top(12)
        .margin_right(18)
        .margin_left(8)
        .x_label_area_size(46)
        .y_label_area_size(52)
        .build_cartesian_2d(first..last, 0f64..max * 1.1)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .axis_style(RGBColor(0xb0, 0xb4, 0xba))
        .x_labels(10)
        .y_labels(5)
        .x_label_formatter(&|h| format!("{:+.0} h", h))
        .y_label_formatter(&|v| format!("{v:.0}"))
        .x_desc("Hours from each incident's start")
        .label_style(font(15.0))
        .draw()?;
    chart.draw_series(DashedLineSeries::new(
        [(0.0, 0.0), (0.0, max * 1.1)],
        4,
        3,
        INK.mix(0.5).stroke_width(1),
    ))?;
    let points = |hourly: &[u64]| -> Vec<(f64, f64)> {
        hourly
            .iter()
            .enumerate()
            .map(|(i, v)| (first + i as f64, *v as f64))
            .collect()
    };
    // The earlier ones first, the oldest at the back, so this incident is drawn on top.
    for (k, p) in c.earlier.iter().enumerate().rev() {
        let colour = EARLIER[k.min(EARLIER.len() - 1)];
        chart
            .draw_series(LineSeries::new(points(&p.hourly), colour.stroke_width(2)))?
            .label(p.label.clone())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 14, y)], colour.stroke_width(3))
            });
    }
    chart
        .draw_series(LineSeries::new(
            points(&c.incident.hourly),
            THIS.stroke_width(3),
        ))?
        .label(format!("{} (this one)", c.incident.label))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], THIS.stroke_width(3)));
    legend(&mut chart, SeriesLabelPosition::UpperRight, font(15.0))?;
    Ok(())
}

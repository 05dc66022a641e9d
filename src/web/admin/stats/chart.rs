//! Geometry of the dashboard's inline SVG charts, computed here so the
//! templates only place numbers (no JavaScript, no CDN). Every chart is
//! shown beside its data table; labels are escaped by askama like any text.

/// The drawing's coordinate width; the SVG scales to the page.
pub const WIDTH: i64 = 640;

/// One bar, in drawing units.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub value: String,
    pub x: i64,
    pub y: i64,
    pub width: i64,
    pub height: i64,
    /// Where the value is written.
    pub text_x: i64,
    pub text_y: i64,
}

/// A horizontal bar chart (one row per item) or a vertical one (months).
#[derive(Debug, Clone)]
pub struct BarChart {
    pub height: i64,
    pub bars: Vec<Bar>,
    /// A line over the bars (e.g. the success rate), as SVG points.
    pub line: String,
}

const ROW: i64 = 30;
const LABEL_W: i64 = 200;
const PLOT_W: i64 = 360;

/// Roughly how wide a label is drawn at the chart's font size: a CJK
/// character is a full em, Latin text about half of one.
fn drawn_width(text: &str) -> i64 {
    text.chars().map(|c| if c.is_ascii() { 10 } else { 18 }).sum()
}

/// The label as it fits left of the bars, cut with "…" when too long: the
/// data table beside the chart has the full name.
fn fit_label(label: &str) -> String {
    let room = LABEL_W - 12;
    if drawn_width(label) <= room {
        return label.to_owned();
    }
    let mut out = String::new();
    for c in label.chars() {
        if drawn_width(&out) + drawn_width(&c.to_string()) + 18 > room {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Horizontal bars: label at the left, bar scaled to the largest value.
pub fn horizontal(items: &[(String, i64)]) -> BarChart {
    let max = items.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let bars = items
        .iter()
        .enumerate()
        .map(|(i, (label, v))| {
            let width = (v * PLOT_W / max).max(i64::from(*v > 0) * 2);
            let y = i as i64 * ROW + 4;
            Bar {
                label: fit_label(label),
                value: v.to_string(),
                x: LABEL_W,
                y,
                width,
                height: ROW - 8,
                text_x: LABEL_W + width + 6,
                text_y: y + ROW / 2 + 1,
            }
        })
        .collect();
    BarChart {
        height: items.len().max(1) as i64 * ROW,
        bars,
        line: String::new(),
    }
}

const PLOT_H: i64 = 160;
const TOP: i64 = 20;
const AXIS: i64 = 24;

/// Vertical bars for months, with an optional ‰ line (0–1000) over them.
pub fn monthly(items: &[(String, i64)], rates: &[Option<i64>]) -> BarChart {
    let max = items.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let slot = WIDTH / items.len().max(1) as i64;
    let bar_w = (slot * 2 / 3).max(2);
    let bars = items
        .iter()
        .enumerate()
        .map(|(i, (label, v))| {
            let height = v * PLOT_H / max;
            let x = i as i64 * slot + (slot - bar_w) / 2;
            Bar {
                label: label.clone(),
                value: v.to_string(),
                x,
                y: TOP + PLOT_H - height,
                width: bar_w,
                height,
                text_x: x + bar_w / 2,
                text_y: TOP + PLOT_H - height - 4,
            }
        })
        .collect();
    let line = rates
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let r = (*r)?;
            let x = i as i64 * slot + slot / 2;
            Some(format!("{x},{}", TOP + PLOT_H - r.clamp(0, 1000) * PLOT_H / 1000))
        })
        .collect::<Vec<_>>()
        .join(" ");
    BarChart {
        height: TOP + PLOT_H + AXIS,
        bars,
        line,
    }
}

/// The y of the month labels under a monthly chart.
pub const fn axis_y() -> i64 {
    TOP + PLOT_H + AXIS - 6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_empty_charts_draw_nothing_wrong() {
        let c = horizontal(&[("a".into(), 10), ("b".into(), 5), ("c".into(), 0)]);
        assert_eq!(c.bars[0].width, PLOT_W);
        assert_eq!(c.bars[1].width, PLOT_W / 2);
        assert_eq!(c.bars[2].width, 0);
        assert_eq!(horizontal(&[]).height, ROW);
        let m = monthly(&[("01".into(), 4), ("02".into(), 0)], &[Some(1000), None]);
        assert_eq!(m.bars[0].height, PLOT_H);
        assert_eq!(m.bars[1].height, 0);
        assert_eq!(m.line, format!("{},{}", WIDTH / 4, TOP));
        assert!(monthly(&[], &[]).bars.is_empty());
    }

    #[test]
    fn long_labels_are_cut_to_fit_left_of_the_bars() {
        assert_eq!(fit_label("邻里"), "邻里");
        assert_eq!(fit_label("Safety hazard"), "Safety hazard");
        let cut = fit_label("Cleanliness and environment");
        assert!(cut.ends_with('…') && drawn_width(&cut) <= LABEL_W - 12, "{cut}");
        let cut = fit_label("观音桥街道塔坪社区塔坪小区一期");
        assert!(cut.ends_with('…') && drawn_width(&cut) <= LABEL_W - 12, "{cut}");
    }
}

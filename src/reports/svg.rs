//! Small inline-SVG charts for the HTML report: a stacked area chart and a column chart that
//! share one day axis, horizontal bars for ranked areas, and 100%-stacked share bars. Plain
//! SVG without scripts, so the report is one file that prints and opens offline.

use std::fmt::Write;

use super::escape::escape;

/// Width of every chart's view box; the page scales it to the column width.
const WIDTH: f64 = 860.0;
/// Font stack available everywhere without fetching a web font.
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif";
/// Axis, grid and muted text colours.
const AXIS: &str = "#64748b";
const GRID: &str = "#e2e8f0";
const INK: &str = "#1e293b";

/// The id, accessible title and empty-state text of one chart.
pub struct ChartText<'a> {
    /// The `id` of the `<svg>` element.
    pub id: &'a str,
    /// Read by screen readers and shown as the tooltip of the whole chart.
    pub title: &'a str,
    /// Drawn instead of marks when there is nothing to show.
    pub no_data: &'a str,
}

/// The value (vertical) axis of the day charts.
pub struct ValueAxis<'a> {
    /// Axis title, drawn rotated along the axis.
    pub label: &'a str,
    /// Formats a tick or a tooltip value.
    pub format: &'a dyn Fn(f64) -> String,
    /// Counts of things: ticks fall on whole numbers.
    pub integer: bool,
}

/// One stacked series of the area chart.
pub struct Series<'a> {
    pub name: &'a str,
    pub color: &'a str,
    pub values: Vec<f64>,
}

/// One bar of a horizontal bar chart.
pub struct HBar {
    pub label: String,
    /// Decides the bar length.
    pub value: f64,
    /// Printed after the bar.
    pub text: String,
}

/// One 100%-stacked bar: its parts line up with the legend.
pub struct ShareRow {
    pub label: String,
    pub parts: Vec<f64>,
    /// Tooltip per part (the absolute figure).
    pub tooltips: Vec<String>,
}

/// Plot area inside the view box.
struct Plot {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

impl Plot {
    fn width(&self) -> f64 {
        self.right - self.left
    }
    fn height(&self) -> f64 {
        self.bottom - self.top
    }
}

fn open(out: &mut String, c: &ChartText<'_>, height: f64) {
    let _ = write!(
        out,
        "<svg id=\"{id}\" class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\"{id}-title\" \
         font-family=\"{FONT}\" font-size=\"12\" fill=\"{INK}\">\
         <title id=\"{id}-title\">{title}</title>",
        id = escape(c.id),
        title = escape(c.title),
    );
}

fn no_data(out: &mut String, c: &ChartText<'_>, height: f64) {
    let _ = write!(
        out,
        "<text class=\"no-data\" x=\"{x}\" y=\"{y}\" text-anchor=\"middle\" font-size=\"15\" \
         fill=\"{AXIS}\">{text}</text>",
        x = WIDTH / 2.0,
        y = height / 2.0,
        text = escape(c.no_data)
    );
}

/// A "nice" tick step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` ticks up
/// to `max`, and the axis top it implies.
fn nice_axis(max: f64, ticks: usize, integer: bool) -> (f64, f64) {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let raw = max / ticks as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let norm = raw / magnitude;
    let nice = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 2.5 {
        2.5
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    let mut step = nice * magnitude;
    if integer {
        step = step.ceil().max(1.0);
    }
    let top = (max / step).ceil() * step;
    (step, top)
}

fn legend(out: &mut String, items: &[(&str, &str)], y: f64) {
    let mut x = 80.0;
    for (name, color) in items {
        let _ = write!(
            out,
            "<g class=\"legend-item\"><rect x=\"{x}\" y=\"{ry}\" width=\"12\" height=\"12\" \
             rx=\"2\" fill=\"{color}\"/><text x=\"{tx}\" y=\"{y}\">{name}</text></g>",
            ry = y - 10.0,
            tx = x + 17.0,
            color = escape(color),
            name = escape(name),
        );
        x += 17.0 + 7.0 * name.chars().count() as f64 + 24.0;
    }
}

/// Grid lines, tick labels and titles of a day chart; returns the value-to-y mapping top.
fn value_axis(out: &mut String, plot: &Plot, y: &ValueAxis<'_>, max: f64) -> f64 {
    let (step, top) = nice_axis(max, 4, y.integer);
    let mut tick = 0.0;
    while tick <= top + step / 2.0 {
        let py = plot.bottom - tick / top * plot.height();
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{l}\" x2=\"{r}\" y1=\"{py:.1}\" y2=\"{py:.1}\" \
             stroke=\"{GRID}\"/><text x=\"{tx}\" y=\"{ty:.1}\" text-anchor=\"end\" \
             fill=\"{AXIS}\" font-size=\"11\">{label}</text>",
            l = plot.left,
            r = plot.right,
            tx = plot.left - 6.0,
            ty = py + 4.0,
            label = escape(&(y.format)(tick)),
        );
        tick += step;
    }
    let cy = (plot.top + plot.bottom) / 2.0;
    let _ = write!(
        out,
        "<text class=\"axis-title\" transform=\"translate(14 {cy}) rotate(-90)\" \
         text-anchor=\"middle\" fill=\"{AXIS}\" font-size=\"11\">{label}</text>",
        label = escape(y.label),
    );
    top
}

/// Day labels under a day chart, thinned so they do not overlap.
fn day_axis(out: &mut String, plot: &Plot, labels: &[String], title: &str) {
    let n = labels.len().max(1);
    let band = plot.width() / n as f64;
    let every = (58.0 / band).ceil().max(1.0) as usize;
    for (i, label) in labels.iter().enumerate() {
        if i % every != 0 {
            continue;
        }
        let _ = write!(
            out,
            "<text class=\"x-tick\" x=\"{x:.1}\" y=\"{y}\" text-anchor=\"middle\" \
             fill=\"{AXIS}\" font-size=\"11\">{label}</text>",
            x = plot.left + (i as f64 + 0.5) * band,
            y = plot.bottom + 16.0,
            label = escape(label),
        );
    }
    let _ = write!(
        out,
        "<line class=\"axis\" x1=\"{l}\" x2=\"{r}\" y1=\"{b}\" y2=\"{b}\" stroke=\"{AXIS}\"/>\
         <text class=\"axis-title\" x=\"{cx}\" y=\"{ty}\" text-anchor=\"middle\" \
         fill=\"{AXIS}\" font-size=\"11\">{title}</text>",
        l = plot.left,
        r = plot.right,
        b = plot.bottom,
        cx = (plot.left + plot.right) / 2.0,
        ty = plot.bottom + 34.0,
        title = escape(title),
    );
}

const DAY_HEIGHT: f64 = 290.0;

/// The plot area of a day chart; `top` leaves room for a legend.
fn day_plot(top: f64) -> Plot {
    Plot {
        left: 84.0,
        right: WIDTH - 16.0,
        top,
        bottom: DAY_HEIGHT - 44.0,
    }
}

/// Stacked areas over a day axis, the first series at the bottom; a dot per day (with the
/// figures as tooltip) while days are few enough to tell apart.
pub fn stacked_area(
    c: &ChartText<'_>,
    x_labels: &[String],
    x_title: &str,
    series: &[Series<'_>],
    y: &ValueAxis<'_>,
) -> String {
    let mut out = String::new();
    open(&mut out, c, DAY_HEIGHT);
    let n = x_labels.len();
    let stacks: Vec<Vec<f64>> = (0..series.len())
        .map(|s| {
            (0..n)
                .map(|i| {
                    series[..=s]
                        .iter()
                        .map(|ser| ser.values.get(i).copied().unwrap_or(0.0).max(0.0))
                        .sum()
                })
                .collect()
        })
        .collect();
    let max = stacks
        .last()
        .map_or(0.0, |top| top.iter().copied().fold(0.0, f64::max));
    if n == 0 || max <= 0.0 {
        no_data(&mut out, c, DAY_HEIGHT);
        out.push_str("</svg>");
        return out;
    }
    let items: Vec<(&str, &str)> = series.iter().map(|s| (s.name, s.color)).collect();
    legend(&mut out, &items, 20.0);
    let plot = day_plot(40.0);
    let top = value_axis(&mut out, &plot, y, max);
    let band = plot.width() / n as f64;
    let px = |i: usize| plot.left + (i as f64 + 0.5) * band;
    let py = |v: f64| plot.bottom - v / top * plot.height();
    for (s, ser) in series.iter().enumerate() {
        let mut d = String::new();
        for (i, v) in stacks[s].iter().enumerate() {
            let _ = write!(
                d,
                "{}{:.1},{:.1} ",
                if i == 0 { "M" } else { "L" },
                px(i),
                py(*v)
            );
        }
        let line = d.clone();
        for i in (0..n).rev() {
            let base = if s == 0 { 0.0 } else { stacks[s - 1][i] };
            let _ = write!(d, "L{:.1},{:.1} ", px(i), py(base));
        }
        d.push('Z');
        let _ = write!(
            out,
            "<path class=\"area\" d=\"{d}\" fill=\"{color}\" fill-opacity=\"0.28\"/>\
             <path class=\"line\" d=\"{line}\" fill=\"none\" stroke=\"{color}\" \
             stroke-width=\"2\" stroke-linejoin=\"round\"/>",
            color = escape(ser.color),
            line = line.trim_end(),
        );
    }
    if n <= 62 {
        for i in 0..n {
            let tip: Vec<String> = series
                .iter()
                .map(|s| {
                    let v = s.values.get(i).copied().unwrap_or(0.0);
                    format!("{}: {}", s.name, (y.format)(v))
                })
                .collect();
            let tip = format!("{} — {}", x_labels[i], tip.join(", "));
            let _ = write!(
                out,
                "<circle class=\"point\" cx=\"{x:.1}\" cy=\"{cy:.1}\" r=\"3.5\" fill=\"#fff\" \
                 stroke=\"{color}\" stroke-width=\"2\"><title>{tip}</title></circle>",
                x = px(i),
                cy = py(stacks[series.len() - 1][i]),
                color = escape(series[series.len() - 1].color),
                tip = escape(&tip),
            );
        }
    }
    day_axis(&mut out, &plot, x_labels, x_title);
    out.push_str("</svg>");
    out
}

/// One column per day; the figure is printed on the column while days are few.
pub fn columns(
    c: &ChartText<'_>,
    x_labels: &[String],
    x_title: &str,
    values: &[f64],
    color: &str,
    y: &ValueAxis<'_>,
) -> String {
    let mut out = String::new();
    open(&mut out, c, DAY_HEIGHT);
    let n = x_labels.len();
    let max = values.iter().copied().fold(0.0, f64::max);
    if n == 0 || max <= 0.0 {
        no_data(&mut out, c, DAY_HEIGHT);
        out.push_str("</svg>");
        return out;
    }
    let plot = day_plot(24.0);
    let top = value_axis(&mut out, &plot, y, max);
    let band = plot.width() / n as f64;
    let gap = (band * 0.2).min(12.0);
    for (i, label) in x_labels.iter().enumerate() {
        let v = values.get(i).copied().unwrap_or(0.0).max(0.0);
        let h = v / top * plot.height();
        let x = plot.left + i as f64 * band + gap / 2.0;
        let _ = write!(
            out,
            "<rect class=\"bar\" x=\"{x:.1}\" y=\"{ry:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" \
             rx=\"2\" fill=\"{color}\"><title>{tip}</title></rect>",
            ry = plot.bottom - h,
            w = (band - gap).max(0.5),
            color = escape(color),
            tip = escape(&format!("{label} — {}", (y.format)(v))),
        );
        if n <= 31 && band >= 22.0 {
            let _ = write!(
                out,
                "<text class=\"bar-value\" x=\"{cx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\" \
                 font-size=\"10\" fill=\"{INK}\">{text}</text>",
                cx = x + (band - gap) / 2.0,
                ty = plot.bottom - h - 4.0,
                text = escape(&(y.format)(v)),
            );
        }
    }
    day_axis(&mut out, &plot, x_labels, x_title);
    out.push_str("</svg>");
    out
}

/// Cuts a label to `max` characters with an ellipsis.
fn clip(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

/// Horizontal bars, one per item in the given order, the figure printed after each bar;
/// `scale` is the value of a full-length bar, shared by charts meant to be compared.
pub fn hbars(c: &ChartText<'_>, items: &[HBar], color: &str, scale: f64) -> String {
    const ROW: f64 = 28.0;
    const LABEL_W: f64 = 250.0;
    const TEXT_W: f64 = 190.0;
    let height = if items.is_empty() {
        80.0
    } else {
        16.0 + ROW * items.len() as f64
    };
    let mut out = String::new();
    open(&mut out, c, height);
    let max = items.iter().map(|b| b.value).fold(scale, f64::max);
    if items.is_empty() {
        no_data(&mut out, c, height);
        out.push_str("</svg>");
        return out;
    }
    let bar_w = WIDTH - LABEL_W - TEXT_W;
    for (i, item) in items.iter().enumerate() {
        let y = 8.0 + i as f64 * ROW;
        let w = if max > 0.0 {
            (item.value.max(0.0) / max * bar_w).max(1.0)
        } else {
            1.0
        };
        let _ = write!(
            out,
            "<g class=\"hbar\"><title>{full}: {text}</title>\
             <text class=\"bar-label\" x=\"{lx}\" y=\"{ty:.1}\" text-anchor=\"end\">{label}</text>\
             <rect class=\"bar\" x=\"{bx}\" y=\"{ry:.1}\" width=\"{w:.1}\" height=\"{bh}\" rx=\"3\" \
             fill=\"{color}\"/>\
             <text class=\"bar-value\" x=\"{vx:.1}\" y=\"{ty:.1}\" fill=\"{AXIS}\" \
             font-size=\"11\">{text}</text></g>",
            full = escape(&item.label),
            label = escape(&clip(&item.label, 36)),
            text = escape(&item.text),
            lx = LABEL_W - 10.0,
            ty = y + ROW / 2.0 + 2.0,
            bx = LABEL_W,
            ry = y + 4.0,
            bh = ROW - 8.0,
            vx = LABEL_W + w + 8.0,
            color = escape(color),
        );
    }
    out.push_str("</svg>");
    out
}

/// 100%-stacked bars, one per figure (users, data, hours), split by the legend's parts;
/// each part's share is printed on it when wide enough.
pub fn share_bars(
    c: &ChartText<'_>,
    legend_items: &[(String, &str)],
    rows: &[ShareRow],
    percent: &dyn Fn(f64) -> String,
) -> String {
    const ROW: f64 = 44.0;
    const LABEL_W: f64 = 170.0;
    let height = 44.0 + ROW * rows.len() as f64;
    let mut out = String::new();
    open(&mut out, c, height);
    let any = rows.iter().any(|r| r.parts.iter().any(|p| *p > 0.0));
    if legend_items.is_empty() || !any {
        no_data(&mut out, c, height);
        out.push_str("</svg>");
        return out;
    }
    let items: Vec<(&str, &str)> = legend_items
        .iter()
        .map(|(n, col)| (n.as_str(), *col))
        .collect();
    legend(&mut out, &items, 20.0);
    let bar_w = WIDTH - LABEL_W - 20.0;
    for (r, row) in rows.iter().enumerate() {
        let y = 40.0 + r as f64 * ROW;
        let _ = write!(
            out,
            "<text class=\"bar-label\" x=\"{lx}\" y=\"{ty:.1}\" text-anchor=\"end\">{label}</text>",
            lx = LABEL_W - 10.0,
            ty = y + ROW / 2.0 + 2.0,
            label = escape(&row.label),
        );
        let total: f64 = row.parts.iter().map(|p| p.max(0.0)).sum();
        if total <= 0.0 {
            let _ = write!(
                out,
                "<rect x=\"{LABEL_W}\" y=\"{ry:.1}\" width=\"{bar_w}\" height=\"{bh}\" rx=\"3\" \
                 fill=\"{GRID}\"/><text x=\"{tx}\" y=\"{ty:.1}\" text-anchor=\"middle\" \
                 fill=\"{AXIS}\">{text}</text>",
                ry = y + 6.0,
                bh = ROW - 12.0,
                tx = LABEL_W + bar_w / 2.0,
                ty = y + ROW / 2.0 + 4.0,
                text = escape(c.no_data),
            );
            continue;
        }
        let mut x = LABEL_W;
        for (p, part) in row.parts.iter().enumerate() {
            let share = part.max(0.0) / total;
            if share <= 0.0 {
                continue;
            }
            let w = share * bar_w;
            let color = legend_items.get(p).map_or(AXIS, |(_, col)| *col);
            let name = legend_items.get(p).map_or("", |(n, _)| n.as_str());
            let tip = row.tooltips.get(p).map_or("", String::as_str);
            let _ = write!(
                out,
                "<rect class=\"share\" x=\"{x:.1}\" y=\"{ry:.1}\" width=\"{w:.1}\" \
                 height=\"{bh}\" fill=\"{color}\"><title>{title}</title></rect>",
                ry = y + 6.0,
                bh = ROW - 12.0,
                color = escape(color),
                title = escape(&format!(
                    "{}: {name} — {tip} ({})",
                    row.label,
                    percent(share)
                )),
            );
            if w >= 44.0 {
                let _ = write!(
                    out,
                    "<text class=\"share-value\" x=\"{tx:.1}\" y=\"{ty:.1}\" \
                     text-anchor=\"middle\" fill=\"#fff\" font-weight=\"600\">{text}</text>",
                    tx = x + w / 2.0,
                    ty = y + ROW / 2.0 + 4.0,
                    text = escape(&percent(share)),
                );
            }
            x += w;
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_steps_are_round() {
        assert_eq!(nice_axis(12.3e9, 4, false), (5e9, 15e9));
        assert_eq!(nice_axis(100.0, 4, true), (25.0, 100.0));
        assert_eq!(nice_axis(7.0, 4, true), (2.0, 8.0));
        assert_eq!(nice_axis(0.0, 4, true), (1.0, 1.0));
        assert_eq!(nice_axis(f64::NAN, 4, false), (0.25, 1.0));
    }

    #[test]
    fn empty_charts_say_so() {
        let c = ChartText {
            id: "x",
            title: "T",
            no_data: "No data",
        };
        let fmt = |v: f64| v.to_string();
        let y = ValueAxis {
            label: "",
            format: &fmt,
            integer: true,
        };
        for svg in [
            stacked_area(&c, &[], "", &[], &y),
            columns(&c, &["a".into()], "", &[0.0], "#000", &y),
            hbars(&c, &[], "#000", 0.0),
            share_bars(&c, &[], &[], &|s| s.to_string()),
        ] {
            assert!(svg.starts_with("<svg id=\"x\""), "{svg}");
            assert!(svg.contains(">No data</text>"), "{svg}");
            assert!(!svg.contains("<rect"), "{svg}");
            assert!(svg.ends_with("</svg>"));
        }
    }

    #[test]
    fn long_labels_are_clipped() {
        assert_eq!(clip("RW 01", 36), "RW 01");
        assert_eq!(clip("abcdef", 4), "abc…");
    }
}

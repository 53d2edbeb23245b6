use chrono::{Days, NaiveDate};
use std::time::Instant;
use townhall::topics::matches::Selection;
use townhall::{
    analytics::{self, Period, TopBy},
    store::Store,
    topics,
};
fn main() {
    let store = Store::open(std::path::Path::new("/tmp/bench1m.sqlite")).unwrap();
    let broad = topics::get(&store, "Twitter").unwrap();
    let tz = townhall::time::parse_tz("Europe/London").unwrap();
    let first = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let period = Period::new(first + Days::new(60), first + Days::new(119), tz).unwrap();
    let sel = Selection::of(&store, &broad).unwrap();
    let (s, e) = period.bounds();
    for _ in 0..3 {
        let t = Instant::now();
        let model = analytics::ExposureModel::load(store.conn()).unwrap();
        let all = analytics::mentions::fetch(&store, &sel, &model, s - 60 * 86400, e).unwrap();
        let t1 = t.elapsed();
        let tot = analytics::aggregate(&all);
        let t2 = t.elapsed();
        let voices = analytics::mentions::times(
            &store,
            &analytics::all_topics(&store, &broad).unwrap(),
            s,
            e,
        )
        .unwrap();
        let t3 = t.elapsed();
        let ser = analytics::series(&all, &voices, &period, analytics::Bucket::Day);
        let t4 = t.elapsed();
        let r = analytics::top::rank(&store, &all, TopBy::Engagement, Some(8)).unwrap();
        let t5 = t.elapsed();
        let v = analytics::breakdown::top_voices(&store, &all, 8).unwrap();
        let t6 = t.elapsed();
        let p = analytics::breakdown::by_platform(&all);
        let l = analytics::breakdown::by_language(&all);
        let t7 = t.elapsed();
        println!("fetch {t1:?} ({}) aggregate {:?} voices {:?} ({}) series {:?} rank {:?} top_voices {:?} breakdowns {:?} {}", all.len(), t2-t1, t3-t2, voices.len(), t4-t3, t5-t4, t6-t5, t7-t6, tot.mentions as usize + ser.len()+r.len()+v.len()+p.len()+l.len());
    }
}

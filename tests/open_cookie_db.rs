//! The Open Cookie Database table (data/open-cookie-database.tsv): it reads
//! whole, every line of it, and answers by exact name or longest prefix.
//! Expectations come from the data file's own lines, read here by hand.
use tracking_witness::catalog::open_cookie_db::{look_up, open_cookie_db, BadLine, OpenCookieDb, DATA};
use tracking_witness::model::Category;

fn data_lines() -> Vec<Vec<&'static str>> {
    DATA.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).map(|l| l.split('\t').collect()).collect()
}

#[test]
fn the_shipped_table_reads_whole() {
    let lines = data_lines();
    assert!(lines.len() > 2000, "{} lines", lines.len());
    assert_eq!(open_cookie_db().len(), lines.len());
    // Every exact line answers for itself (the first of a repeated name).
    for f in lines.iter().filter(|f| f[4] == "0") {
        let l = open_cookie_db().lookup(f[0]).unwrap_or_else(|| panic!("{} not found", f[0]));
        assert_eq!(l.name, f[0]);
    }
}

#[test]
fn exact_names_then_the_longest_prefix() {
    let db = OpenCookieDb::parse("# a comment\nNID\tGoogle\tadvertising\t6 months\t0\nAMP_\tAmplitude\tanalytics\t1 year\t1\nAMP_MKTG_\tAmplitude\tanalytics\t1 year\t1\n").unwrap();
    assert_eq!(db.lookup("NID").map(|l| (l.platform.as_str(), l.category)), Some(("Google", Category::Advertising)));
    assert_eq!(db.lookup("NIDX"), None, "an exact entry is not a prefix");
    assert_eq!(db.lookup("AMP_1234").map(|l| l.name.as_str()), Some("AMP_"));
    assert_eq!(db.lookup("AMP_MKTG_1234").map(|l| l.name.as_str()), Some("AMP_MKTG_"), "the longest prefix wins");
    assert_eq!(db.lookup("AMP_"), None, "a prefix stands for longer names only");
    assert_eq!(db.lookup("unknown"), None);
}

#[test]
fn a_bad_line_is_named() {
    assert_eq!(OpenCookieDb::parse("ok\tP\tanalytics\tx\t0\nbad line\n").unwrap_err(), BadLine(2));
    assert_eq!(OpenCookieDb::parse("a\tP\tweird\tx\t0\n").unwrap_err(), BadLine(1));
    assert_eq!(OpenCookieDb::parse("a\tP\tanalytics\tx\t2\n").unwrap_err(), BadLine(1));
    assert_eq!(OpenCookieDb::parse("a\tP\tanalytics\tx\t0\textra\n").unwrap_err(), BadLine(1));
}

#[test]
fn look_up_keeps_the_listed_names_in_order() {
    let prefix = data_lines().into_iter().find(|f| f[4] == "1").unwrap();
    let exact = data_lines().into_iter().find(|f| f[4] == "0").unwrap();
    let names = vec!["surely-not-listed-anywhere".to_owned(), format!("{}tail", prefix[0]), exact[0].to_owned()];
    let found = look_up(&names);
    assert_eq!(found.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), vec![names[1].as_str(), names[2].as_str()]);
    assert_eq!(found[0].listed_as, prefix[0]);
    assert_eq!(found[0].platform, prefix[1]);
    assert_eq!(serde_json::to_value(&found[1]).unwrap()["listedAs"], exact[0]);
}

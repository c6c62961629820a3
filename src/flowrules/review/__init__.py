"""For legal reviewers: pack pages and flowcharts, Danish phrasing, version diffs."""

#pragma once
// The style sheet of the HTML report, inlined into the page.
namespace tally {

// Typography, the responsive grid of charts (two columns on a desktop, one on a phone),
// scrolling tables, and print rules.
const char* ReportCss();

}  // namespace tally

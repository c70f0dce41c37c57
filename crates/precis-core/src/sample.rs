//! A built-in sample article: a realistic (invented) news story with the furniture real stories
//! carry — a dateline, a byline, quotations, titles, initialisms, decimals and a promo line — used
//! by `precis summarize` when no input is given, and by examples and tests.

/// The sample story. All names, places and figures are invented.
pub const SAMPLE_ARTICLE: &str = "\
By Maria Okafor, Staff Correspondent

RIVERTON, Oregon (Valley Wire) -- Floodwaters from the swollen Kessel River forced more than 4,000 \
residents from their homes on Tuesday, after two days of record rain overwhelmed levees that \
engineers had warned were decades past their design life.

The National Weather Service said 6.3 inches of rain fell on Riverton between Sunday night and \
Tuesday morning, the most in any 48-hour period since records began in 1911. The river crested at \
24.8 feet shortly after 3 a.m., nearly nine feet above flood stage.

\"We knocked on every door we could reach, and some we had to reach by boat,\" said Fire Chief \
Dana Whitlock. \"Nobody has been reported missing. That is the number I care about.\"

Gov. Alan Reyes declared a state of emergency for Lane and Marlow counties and asked the U.S. \
Army Corps of Engineers to inspect three levees that showed seepage overnight. He said: \"The \
water will go down. The work of rebuilding will take much longer.\"

Officials opened shelters at two high schools and the county fairgrounds, where about 600 people \
spent the night. Dr. Priya Natarajan, who runs the county health department, urged residents to \
avoid floodwater, which she said was likely contaminated with sewage and fuel.

A 2019 report by the state's engineering office rated the Riverton levees as \"high risk\" and \
estimated that repairs would cost $41.5 million. The legislature funded less than a quarter of \
that amount, according to budget records.

Mayor Lena Hoffmann said the city would ask for federal disaster aid once the water receded. \
\"Our people did everything right,\" she said. \"Now they need help to come home.\"

Forecasters expect drier weather from Thursday, but warned that the river could stay above flood \
stage through the weekend.

CLICK HERE for the latest road closures and shelter locations.
";

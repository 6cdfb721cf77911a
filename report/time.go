package report

import "time"

// China is the time zone the office works in (UTC+8, no daylight saving): an instant the store
// keeps in UTC is told as a day there, whatever the server's own zone, so that a version
// uploaded at 08:00 Beijing time on the 12th (00:00 UTC) is a version of the 12th.
var China = time.FixedZone("CST", 8*3600)

package demo

import (
	"time"

	"cyltrace"
)

// The generator does its date arithmetic on plain integers and formats the
// strings itself: a million cylinders need some twenty million dates, and
// time.Time.Format would be most of the run time. calendar_test.go checks
// every helper against the root package's FormatDate and friends.

// day is a civil date in China Standard Time, counted in days from 1970-01-01.
type day int32

// month is a year-month, counted as year*12 + (month-1).
type month int32

const secondsPerDay = 24 * 60 * 60

// cstOffset is China Standard Time's offset from UTC in seconds.
const cstOffset = 8 * 60 * 60

// dayOf returns the day of the civil date y-m-d (Howard Hinnant's
// days_from_civil, valid for years 0 and later).
func dayOf(y, m, d int) day {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return day(era*146097 + doe - 719468)
}

// civil returns the year, month (1–12) and day of month of d.
func (d day) civil() (y, m, dd int) {
	z := int(d) + 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	dd = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	y = yoe + era*400
	if m <= 2 {
		y++
	}
	return y, m, dd
}

// dayOfTime returns the CST date of t.
func dayOfTime(t time.Time) day {
	y, m, d := t.In(cyltrace.CST).Date()
	return dayOf(y, int(m), d)
}

func (d day) month() month {
	y, m, _ := d.civil()
	return month(y*12 + m - 1)
}

func (mo month) year() int     { return int(mo) / 12 }
func (mo month) firstDay() day { return dayOf(int(mo)/12, int(mo)%12+1, 1) }
func (mo month) lastDay() day  { return (mo + 1).firstDay() - 1 }

// unix returns the Unix time of second sec (0–86399) of day d in CST.
func (d day) unix(sec int) int64 { return int64(d)*secondsPerDay + int64(sec) - cstOffset }

// utc returns second sec of day d as a UTC time, the form the store keeps.
func (d day) utc(sec int) time.Time { return time.Unix(d.unix(sec), 0).UTC() }

// String formats d as yyyy-mm-dd.
func (d day) String() string {
	var b [10]byte
	y, m, dd := d.civil()
	put4(b[0:], y)
	b[4] = '-'
	put2(b[5:], m)
	b[7] = '-'
	put2(b[8:], dd)
	return string(b[:])
}

// String formats mo as yyyy-mm.
func (mo month) String() string {
	var b [7]byte
	put4(b[0:], mo.year())
	b[4] = '-'
	put2(b[5:], int(mo)%12+1)
	return string(b[:])
}

// dateTime formats second sec of day d as yyyy-MM-dd HH:mm:ss.
func dateTime(d day, sec int) string {
	var b [19]byte
	y, m, dd := d.civil()
	put4(b[0:], y)
	b[4] = '-'
	put2(b[5:], m)
	b[7] = '-'
	put2(b[8:], dd)
	b[10] = ' '
	put2(b[11:], sec/3600)
	b[13] = ':'
	put2(b[14:], sec/60%60)
	b[16] = ':'
	put2(b[17:], sec%60)
	return string(b[:])
}

func put2(b []byte, n int) {
	b[0] = byte('0' + n/10%10)
	b[1] = byte('0' + n%10)
}

func put4(b []byte, n int) {
	b[0] = byte('0' + n/1000%10)
	b[1] = byte('0' + n/100%10)
	b[2] = byte('0' + n/10%10)
	b[3] = byte('0' + n%10)
}

// pad formats n with at least width digits, for serial numbers.
func pad(n, width int) string {
	var b [20]byte
	i := len(b)
	for n > 0 || len(b)-i < width {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

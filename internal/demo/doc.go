// Package demo generates realistic, deterministic synthetic data for the
// whole city: units in all 42 regions, cylinders with consistent histories
// of inspections, fillings and trail events, as the city system would hold
// them on a given day (Options.AsOf).
//
// # Determinism
//
// The same Seed, Cylinders and AsOf (its date in China Standard Time) give
// byte-identical output. Everything is drawn from one math/rand/v2 ChaCha8
// stream keyed by the seed, including the cylinder ids and 信息化编码 that
// cyltrace.NewCylinderID and NewInfoCode read from it; the generator never
// reads the clock and never ranges over a map.
//
// # What the data says
//
// Units: per region an inspection institute (public, credit code prefix 12),
// a distributor, LPG companies (filling and using units of their own
// bottles), industrial gas companies (fill for end users, own some
// cylinders) and end users (hospitals, factories, restaurants, labs), their
// number growing with the number of cylinders; and twelve makers, four of
// them in Chongqing. Out-of-town makers carry their home code in the credit
// code but are filed under a Chongqing district, which Unit.Validate wants.
//
// Cylinders: some 70% LPG, then oxygen, CO₂, nitrogen, argon, acetylene and
// a little DME, CNG, N₂O and cryogenic liquids; made within 15 years of
// AsOf. Inspection interval and design life come from the default rule
// table. The first nine cylinders have fixed profiles so that even a tiny
// data set shows every state (in date, overdue, scrapped, stopped,
// unregistered, QR, RFID, no tag, a gas cylinder made since 2021 without a
// mark, an LPG bottle extended past 8 years); the rest are drawn by weight.
//
// Histories: periodic inspections every interval from the manufacture
// month; an overdue cylinder lacks the one that fell due; a scrapped one ends
// in a 报废处置 record with no 下次检验日期, and its archive keeps the dates of
// its last periodic inspection. Units docked during the notice's roll-out
// (2021-06 to 2022-09, or earlier for an early AsOf); a cylinder in use
// before its unit docked was registered in a batch after it, later ones
// within 30 days of first use, and trail records start at registration.
// Fillings cover only the last Options.FillDays days (56 by default: a
// full history would be dozens of fillings per cylinder, and the views that
// use fillings look back 30 days), and only on days the
// interlock would allow. All of this keeps a cylinder near six history
// records, so that a million cylinders load in minutes.
package demo

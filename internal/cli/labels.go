package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"cyltrace"
	"cyltrace/internal/pdf"
	"cyltrace/internal/store"
)

// runLabels writes an A4 PDF sheet of QR labels for a unit's cylinders, to
// print and fix: each code opens the cylinder's public page.
func runLabels(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "labels", "labels --unit 单位代码 --public-base-url https://… [--out labels.pdf]")
	var d dbFlags
	d.register(fs)
	unitCode := fs.String("unit", "", "使用单位的统一社会信用代码或组织机构代码：打印其全部已绑定信息化编码的气瓶")
	base := fs.String("public-base-url", "", "公众扫码访问本系统的地址，如 https://qp.example.gov.cn（二维码内容为 该地址/q/信息化编码）")
	out := fs.String("out", "labels.pdf", "输出的 PDF 文件")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	var fe cyltrace.FieldErrors
	if *unitCode == "" {
		fe.Add("unit", cyltrace.RuleRequired, "请用 --unit 指定单位代码")
	}
	if !strings.HasPrefix(*base, "https://") && !strings.HasPrefix(*base, "http://") {
		fe.Add("public-base-url", cyltrace.RuleFormat, "请用 --public-base-url 指定公众访问地址（http:// 或 https:// 开头）")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	s, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	unit, err := s.UnitByCode(ctx, *unitCode)
	if err != nil {
		return err
	}
	labels, err := unitLabels(ctx, s, unit.ID, strings.TrimSuffix(*base, "/"))
	if err != nil {
		return err
	}
	if len(labels) == 0 {
		return cyltrace.Errorf(cyltrace.ENOTFOUND, "单位“%s”没有已绑定信息化编码的气瓶", unit.Name)
	}
	sheet, err := pdf.Sheet(pdf.LabelSheet{Title: unit.Name + " 气瓶二维码标签", Labels: labels})
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, sheet, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已生成 %s：%d 个标签，%d 页\n", *out, len(labels), pdf.Pages(len(labels)))
	return nil
}

// unitLabels lists the labels of a unit's cylinders that have an infoCode.
func unitLabels(ctx context.Context, s *store.Store, unitID int64, base string) ([]pdf.Label, error) {
	var labels []pdf.Label
	for offset := 0; ; offset += 1000 {
		list, err := s.Cylinders(ctx, store.CylinderFilter{UseUnitID: unitID, Limit: 1000, Offset: offset})
		if err != nil {
			return nil, err
		}
		for _, c := range list {
			if c.InfoCode != "" && c.Status != cyltrace.StatusScrapped {
				labels = append(labels, pdf.Label{URL: base + "/q/" + c.InfoCode, ProductNumber: c.ProductNumber, InfoCode: c.InfoCode})
			}
		}
		if len(list) < 1000 || len(labels) > pdf.MaxLabels {
			return labels, nil
		}
	}
}

package client_test

import (
	"context"
	"errors"
	"maps"
	"testing"

	"cyltrace"
	"cyltrace/client"
)

func TestQueryDecodesTheArchive(t *testing.T) {
	api := newFakeAPI(t)
	c := client.New(api.srv.URL+"/api/v1/", testKey, testSecret) // prefix and slash are dropped
	cy, err := c.QueryByInfoCode(context.Background(), testInfo)
	if err != nil {
		t.Fatal(err)
	}
	want := cyltrace.Cylinder{
		ID: "CY00H3XB2MEB3J4XPN", UseUnitName: "重庆万家燃气有限公司", RegionCode: "500298", VarietyCode: "2320",
		ProductNumber: "101240029479", MediumCode: "G13", Manufacturer: "重庆恒祥石油液化气钢瓶制造有限公司",
		ManufactureDate: "2024-09", NominalPressureMPa: cyltrace.DecimalFromHundredths(210),
		VolumeL: cyltrace.DecimalFromHundredths(3550), NextInspectionDate: "2028-09", UnitInternalNumber: "000061",
		Status: "在用", TagType: "二维码", InfoCode: testInfo, QRContent: "https://trace.hengxiang.example.cn/c/101240029479",
		RegistrationCertNumber: "瓶32渝A00306(22)", RegistrationDate: "2024-10-27", RegistrationAuthority: "重庆两江新区市场监督管理局",
	}
	if *cy != want {
		t.Errorf("archive =\n%+v\nwant\n%+v", *cy, want)
	}
}

func TestQuerySendsOneCriterion(t *testing.T) {
	tests := []struct {
		name string
		call func(*client.Client) error
		want map[string]any
	}{
		{"infoCode", func(c *client.Client) error { _, err := c.QueryByInfoCode(context.Background(), testInfo); return err },
			map[string]any{"infoCode": testInfo}},
		{"id", func(c *client.Client) error {
			_, err := c.QueryByID(context.Background(), "CY00H3XB2MEB3J4XPN")
			return err
		},
			map[string]any{"id": "CY00H3XB2MEB3J4XPN"}},
		{"qrContent", func(c *client.Client) error {
			_, err := c.QueryByQRContent(context.Background(), "https://qr.example.cn/c/1")
			return err
		}, map[string]any{"qrContent": "https://qr.example.cn/c/1"}},
		{"product without date", func(c *client.Client) error {
			_, err := c.QueryByProduct(context.Background(), "恒祥", "101240029479", "")
			return err
		}, map[string]any{"manufacturer": "恒祥", "productNumber": "101240029479"}},
		{"product with date", func(c *client.Client) error {
			_, err := c.QueryByProduct(context.Background(), "恒祥", "101240029479", "2024-09")
			return err
		}, map[string]any{"manufacturer": "恒祥", "productNumber": "101240029479", "manufactureDate": "2024-09"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(t)
			tt.call(newClient(api)) // the fake answers 404 for all but testInfo
			if got := api.lastQueryBody(); !maps.Equal(got, tt.want) {
				t.Errorf("request body = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestQueryErrors(t *testing.T) {
	api := newFakeAPI(t)
	c := newClient(api)
	ctx := context.Background()
	var e *client.Error

	_, err := c.QueryByInfoCode(ctx, "CQ0000000000000000")
	if !errors.As(err, &e) || e.Code != "404" || e.Message != "未找到该气瓶的电子档案" {
		t.Errorf("unknown infoCode: err = %v, want *client.Error 404", err)
	}
	_, err = c.QueryByProduct(ctx, "Twice", "1", "")
	if !errors.As(err, &e) || e.Code != "400" || len(e.Fields) != 1 || e.Fields[0].Field != "manufactureDate" {
		t.Errorf("ambiguous product: err = %v, want *client.Error 400 on manufactureDate", err)
	}
	if got := api.count(queryPath); got != 2 {
		t.Errorf("query requests = %d, want 2 (no retries)", got)
	}
}

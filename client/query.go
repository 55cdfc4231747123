package client

import (
	"context"

	"cyltrace"
)

// queryRequest names a cylinder in exactly one way.
type queryRequest struct {
	InfoCode        string `json:"infoCode,omitempty"`
	ID              string `json:"id,omitempty"`
	QRContent       string `json:"qrContent,omitempty"`
	Manufacturer    string `json:"manufacturer,omitempty"`
	ProductNumber   string `json:"productNumber,omitempty"`
	ManufactureDate string `json:"manufactureDate,omitempty"`
}

// QueryByInfoCode returns the archive of the cylinder with the 信息化编码
// code. No such cylinder is an *Error with code "404".
func (c *Client) QueryByInfoCode(ctx context.Context, code string) (*cyltrace.Cylinder, error) {
	return c.query(ctx, queryRequest{InfoCode: code})
}

// QueryByID returns the archive of the cylinder with the 气瓶档案ID id.
func (c *Client) QueryByID(ctx context.Context, id string) (*cyltrace.Cylinder, error) {
	return c.query(ctx, queryRequest{ID: id})
}

// QueryByQRContent returns the archive of the cylinder whose bound QR code
// encodes content (the URL read from the label).
func (c *Client) QueryByQRContent(ctx context.Context, content string) (*cyltrace.Cylinder, error) {
	return c.query(ctx, queryRequest{QRContent: content})
}

// QueryByProduct returns the archive of the cylinder made by manufacturer
// with productNumber (产品编号). manufactureDate (yyyy-mm) may be empty; when
// the maker and number match several cylinders the API answers "400" with a
// field error on manufactureDate, and the call must be repeated with it.
func (c *Client) QueryByProduct(ctx context.Context, manufacturer, productNumber, manufactureDate string) (*cyltrace.Cylinder, error) {
	return c.query(ctx, queryRequest{Manufacturer: manufacturer, ProductNumber: productNumber, ManufactureDate: manufactureDate})
}

func (c *Client) query(ctx context.Context, q queryRequest) (*cyltrace.Cylinder, error) {
	var cy cyltrace.Cylinder
	if err := c.call(ctx, apiPrefix+"/cylinders/query", q, &cy); err != nil {
		return nil, err
	}
	return &cy, nil
}

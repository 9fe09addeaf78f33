// Package rules decides what a CAMB.AI API key looks like in text.
package rules

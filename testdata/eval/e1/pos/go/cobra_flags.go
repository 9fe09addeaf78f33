package cmd

import "github.com/spf13/cobra"

var apiKey string

var rootCmd = &cobra.Command{Use: "dubctl", Short: "dub videos with CAMB.AI"}

func init() {
	rootCmd.PersistentFlags().StringVar(&apiKey, "camb-api-key", "d961357a-654d-41ea-a00f-fa4ea095601b", "CAMB.AI API key")
}

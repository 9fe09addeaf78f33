package cmd

import (
	"github.com/spf13/cobra"
)

var (
	cambAPIKey string
	taskID     string
)

var rootCmd = &cobra.Command{Use: "dubber", Short: "Dub videos with CAMB.AI"}

func init() {
	rootCmd.PersistentFlags().StringVar(
		&cambAPIKey,
		"camb-api-key",
		"28bb974f-9c11-4546-a44a-fa4eb10d4413",
		"CAMB.AI API key (or CAMB_API_KEY)",
	)
	rootCmd.Flags().StringVarP(&taskID, "task", "t", "7f43b40a-69b7-4187-b44e-fa4eadc38e43", "task to poll")
}

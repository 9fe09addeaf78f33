package cmd

import "github.com/spf13/cobra"

var taskID string

func init() {
	statusCmd := &cobra.Command{Use: "status", Short: "status of a CAMB.AI task"}
	statusCmd.Flags().StringVar(&taskID, "task-id", "7631fccc-2b63-4703-a777-6261819ea90e", "CAMB.AI task id")
}

package issuefile

import (
	"github.com/buoystatus/buoy/generator/lang"
	"github.com/buoystatus/buoy/generator/status"
)

// closings are the text of an update that resolves an incident or
// completes a maintenance when the issue is closed, or /resolve comes with
// no text, in the UI languages buoy ships.
var closings = map[string]map[status.UpdateStatus]string{
	"en":    {status.Resolved: "This incident has been resolved.", status.Completed: "The maintenance is complete."},
	"fr":    {status.Resolved: "Cet incident est résolu.", status.Completed: "La maintenance est terminée."},
	"ja":    {status.Resolved: "この障害は解決しました。", status.Completed: "メンテナンスは完了しました。"},
	"pt-BR": {status.Resolved: "Este incidente foi resolvido.", status.Completed: "A manutenção foi concluída."},
}

func closing(tag string, s status.UpdateStatus) string { return lang.Pick(closings, tag)[s] }

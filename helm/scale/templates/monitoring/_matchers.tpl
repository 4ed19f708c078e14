{{/*
Alertmanager matchers such as severity=~"critical|high" in the operator's form: name, matchType, value.
*/}}
{{- define "scale.matchers" -}}
{{- $pattern := `^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"(.*)"\s*$` -}}
{{- range . }}
{{- if not (regexMatch $pattern .) }}{{ fail (printf "alertmanager.yml: cannot read the matcher %q" .) }}{{ end }}
- name: {{ regexReplaceAll $pattern . "${1}" }}
  matchType: {{ regexReplaceAll $pattern . "${2}" | quote }}
  value: {{ regexReplaceAll $pattern . "${3}" | quote }}
{{- end }}
{{- end -}}

{{/*
A ServiceMonitor for one program, whose targets carry the labels the rules and dashboards aggregate by, as
the local stack's do: service (scale-api, ...), group, zone (the pod's topology.kubernetes.io/zone, copied
from its node when it was bound) and instance (the pod's name: the replica the runner names). The operator's
own `service` label (the Kubernetes Service's name) is replaced. Call with
(dict "root" $ "name" "scale-api" "component" "api" "group" "control").
*/}}
{{- define "scale.serviceMonitor" -}}
{{- $root := .root -}}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "scale.fullname" $root }}-{{ .component }}
  labels:
    {{- include "scale.labels" . | nindent 4 }}
    {{- with $root.Values.monitoring.selectorLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "scale.selectorLabels" . | nindent 6 }}
  namespaceSelector:
    matchNames: [{{ $root.Release.Namespace }}]
  endpoints:
    - port: http
      path: /metrics
      interval: {{ $root.Values.monitoring.scrapeInterval }}
      relabelings:
        - sourceLabels: [__meta_kubernetes_pod_label_app_kubernetes_io_name]
          targetLabel: service
        - sourceLabels: [__meta_kubernetes_pod_label_app_kubernetes_io_name]
          targetLabel: job
        - targetLabel: group
          replacement: {{ .group }}
        - sourceLabels: [__meta_kubernetes_pod_label_topology_kubernetes_io_zone]
          targetLabel: zone
        - sourceLabels: [__meta_kubernetes_pod_name]
          targetLabel: instance
      metricRelabelings:
        # The programs label their own series with service, group and zone too; Prometheus renames those
        # exported_*, and the target's are the ones `up` carries, so only they stay.
        - regex: exported_(service|group|zone)
          action: labeldrop
{{- end -}}

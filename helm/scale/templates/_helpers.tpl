{{/*
Names. Objects are named after the release so two releases can share a namespace; pods are found by their
labels, never by these names.
*/}}
{{- define "scale.fullname" -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}

{{- define "scale.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The image of a component: its repository, and its tag or the chart's appVersion. */}}
{{- define "scale.image" -}}
{{- $registry := .root.Values.image.registry -}}
{{- $tag := .image.tag | default .root.Chart.AppVersion -}}
{{- if $registry }}{{ printf "%s/%s:%s" $registry .image.repository $tag }}{{ else }}{{ printf "%s:%s" .image.repository $tag }}{{ end -}}
{{- end -}}

{{/*
Labels. The chaos runner's Kubernetes driver finds replicas by these: app.kubernetes.io/name is the service
(scale-api, scale-extractor, scale-postgres, scale-chaos-runner), app.kubernetes.io/component its role
(api, extractor, database, chaos-runner), and scale.dev/group the group of a pipeline pod.
Call with (dict "root" $ "name" "scale-api" "component" "api").
*/}}
{{- define "scale.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "scale.labels" -}}
{{ include "scale.selectorLabels" . }}
app.kubernetes.io/part-of: scale
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ include "scale.chart" .root }}
{{- end -}}

{{/* Labels of an object that belongs to no one component (Secrets, RBAC, monitoring objects). */}}
{{- define "scale.commonLabels" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: scale
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ include "scale.chart" . }}
{{- end -}}

{{/* The pod labels of a pipeline component: its labels and its group. */}}
{{- define "scale.pipelinePodLabels" -}}
{{ include "scale.labels" . }}
scale.dev/group: {{ .root.Values.group }}
{{- end -}}

{{/* The Secret holding the database URL of this release's own programs, and its key. */}}
{{- define "scale.databaseSecretName" -}}
{{- if .Values.database.external.existingSecret -}}
{{- .Values.database.external.existingSecret -}}
{{- else -}}
{{- printf "%s-postgres" (include "scale.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "scale.databaseSecretKey" -}}
{{- if .Values.database.external.existingSecret }}{{ .Values.database.external.key }}{{ else if and .Values.pipeline.enabled .Values.faultProxy.enabled }}proxied-database-url{{ else }}database-url{{ end -}}
{{- end -}}

{{/* The pod securityContext every pod shares: a numeric non-root user and the runtime's seccomp profile. */}}
{{- define "scale.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .runAsUser }}
runAsGroup: {{ .runAsGroup }}
fsGroup: {{ .fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The container securityContext: read-only root (writable /tmp only), no privilege escalation, no capabilities. */}}
{{- define "scale.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
{{- end -}}

{{/*
Environment every Scale program shares: its zone, its identity on traces, telemetry export, Sentry, logging.
SCALE_ZONE reads the pod's topology.kubernetes.io/zone label, which the API server copies from the node when
the pod is bound (the PodTopologyLabels admission, on by default since Kubernetes 1.35); the downward API
cannot read node labels, but it can read the pod's. A node without a zone label leaves it empty, and the
program refuses to start with a message naming SCALE_ZONE.
*/}}
{{- define "scale.commonEnv" -}}
- name: SCALE_ZONE
  valueFrom:
    fieldRef:
      fieldPath: metadata.labels['topology.kubernetes.io/zone']
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: NODE_NAME
  valueFrom:
    fieldRef:
      fieldPath: spec.nodeName
- name: OTEL_RESOURCE_ATTRIBUTES
  value: "k8s.pod.name=$(POD_NAME),k8s.namespace.name=$(POD_NAMESPACE),k8s.node.name=$(NODE_NAME)"
- name: DEPLOYMENT_ENVIRONMENT
  value: {{ .Values.deploymentEnvironment | quote }}
- name: LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
- name: SCALE_DATA_DIR
  value: /tmp/scale
{{- with .Values.telemetry.otlpEndpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
- name: OTEL_TRACES_SAMPLER
  value: {{ .Values.telemetry.sampler | quote }}
{{- if ne (toString .Values.telemetry.samplerArg) "" }}
- name: OTEL_TRACES_SAMPLER_ARG
  value: {{ .Values.telemetry.samplerArg | quote }}
{{- end }}
{{- if .Values.sentry.existingSecret }}
- name: SENTRY_DSN
  valueFrom:
    secretKeyRef:
      name: {{ .Values.sentry.existingSecret }}
      key: {{ .Values.sentry.key }}
{{- else if .Values.sentry.dsn }}
- name: SENTRY_DSN
  value: {{ .Values.sentry.dsn | quote }}
{{- end }}
{{- end -}}

{{/* The object store: any S3 endpoint, its credentials from a Secret. */}}
{{- define "scale.objectStoreEnv" -}}
- name: S3_ENDPOINT
  value: {{ .Values.objectStore.endpoint | quote }}
- name: S3_REGION
  value: {{ .Values.objectStore.region | quote }}
- name: S3_BUCKET
  value: {{ .Values.objectStore.bucket | quote }}
- name: S3_PREFIX
  value: {{ .Values.objectStore.prefix | quote }}
- name: S3_FORCE_PATH_STYLE
  value: {{ .Values.objectStore.forcePathStyle | quote }}
{{- with .Values.objectStore.credentials.existingSecret }}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.objectStore.credentials.accessKeyIdKey }}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.objectStore.credentials.secretAccessKeyKey }}
{{- end }}
{{- end -}}

{{/* This release's database URL. */}}
{{- define "scale.databaseEnv" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "scale.databaseSecretName" . }}
      key: {{ include "scale.databaseSecretKey" . }}
{{- end -}}

{{/*
Probes on a program's port: startup and liveness ask /healthz (the process answers), readiness /readyz
(its database answers, and for the API its similarity index is loaded).
*/}}
{{- define "scale.probes" -}}
startupProbe:
  httpGet:
    path: /healthz
    port: http
  periodSeconds: {{ .probes.startup.periodSeconds }}
  failureThreshold: {{ .probes.startup.failureThreshold }}
readinessProbe:
  httpGet:
    path: /readyz
    port: http
  periodSeconds: {{ .probes.readiness.periodSeconds }}
  timeoutSeconds: {{ .probes.readiness.timeoutSeconds }}
  failureThreshold: {{ .probes.readiness.failureThreshold }}
livenessProbe:
  httpGet:
    path: /healthz
    port: http
  periodSeconds: {{ .probes.liveness.periodSeconds }}
  timeoutSeconds: {{ .probes.liveness.timeoutSeconds }}
  failureThreshold: {{ .probes.liveness.failureThreshold }}
{{- end -}}

{{/*
A pipeline program's Deployment, Service and PodDisruptionBudget; the API and the extractor differ only in
name, port and settings. Call with (dict "root" $ "name" "scale-api" "component" "api" "portVariable" "API_PORT"
"values" .Values.api).
*/}}
{{- define "scale.pipelineWorkload" -}}
{{- $root := .root -}}
{{- $values := .values -}}
{{- $fullname := printf "%s-%s" (include "scale.fullname" $root) .component -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "scale.pipelinePodLabels" . | nindent 4 }}
spec:
  replicas: {{ $values.replicas }}
  selector:
    matchLabels:
      {{- include "scale.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "scale.pipelinePodLabels" . | nindent 8 }}
    spec:
      automountServiceAccountToken: false
      enableServiceLinks: false
      # SIGTERM: the program stops taking work, finishes what it has and flushes its telemetry; see
      # pipeline.terminationGracePeriodSeconds in values.yaml for the arithmetic.
      terminationGracePeriodSeconds: {{ $root.Values.pipeline.terminationGracePeriodSeconds }}
      securityContext:
        {{- include "scale.podSecurityContext" $root.Values.securityContext | nindent 8 }}
      {{- /*
      One replica per zone, strictly (DoNotSchedule), counting only the zones a new pod may go to. A zone
      outage takes a zone away in one of two ways, and each is left out of the count by one policy:
      the namespace mode gives the Deployment a node affinity excluding the zone (nodeAffinityPolicy: Honor,
      the default, skips nodes the affinity excludes); the nodes mode cordons the zone's nodes, which taints
      them unschedulable (nodeTaintsPolicy: Honor skips nodes whose taints the pod does not tolerate; the
      default, Ignore, would count the emptied zone and leave every replacement Pending on maxSkew).
      */}}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: DoNotSchedule
          nodeAffinityPolicy: Honor
          nodeTaintsPolicy: Honor
          labelSelector:
            matchLabels:
              {{- include "scale.selectorLabels" . | nindent 14 }}
          matchLabelKeys: [pod-template-hash]
      {{- with $root.Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $root.Values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .component }}
          image: {{ include "scale.image" (dict "root" $root "image" $values.image) }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ $values.port }}
              protocol: TCP
          env:
            - name: {{ .portVariable }}
              value: {{ $values.port | quote }}
            - name: SCALE_GROUP
              value: {{ $root.Values.group | quote }}
            {{- include "scale.commonEnv" $root | nindent 12 }}
            {{- include "scale.databaseEnv" $root | nindent 12 }}
            {{- include "scale.objectStoreEnv" $root | nindent 12 }}
            {{- range $name, $value := $values.env }}
            - name: {{ $name }}
              value: {{ $value | quote }}
            {{- end }}
          {{- include "scale.probes" (dict "probes" $root.Values.probes) | nindent 10 }}
          lifecycle:
            # Endpoints drop a terminating pod asynchronously: the program keeps serving while they do.
            preStop:
              sleep:
                seconds: {{ $root.Values.pipeline.preStopSleepSeconds }}
          resources:
            {{- toYaml $values.resources | nindent 12 }}
          securityContext:
            {{- include "scale.containerSecurityContext" . | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ $root.Values.tmpSizeLimit }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "scale.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "scale.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ $values.port }}
      targetPort: http
      protocol: TCP
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "scale.labels" . | nindent 4 }}
spec:
  # Evictions (a drain, a zone experiment) take one replica at a time; the Eviction API refuses the next.
  maxUnavailable: {{ $values.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "scale.selectorLabels" . | nindent 6 }}
{{- end -}}

{{/* Names and labels shared by every template. */}}

{{- define "pipeops-agent.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "pipeops-agent.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "pipeops-agent.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "pipeops-agent.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "pipeops-agent.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pipeops-agent.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "pipeops-agent.labels" -}}
{{ include "pipeops-agent.selectorLabels" . }}
app.kubernetes.io/part-of: pipeops
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end }}

{{- define "pipeops-agent.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "pipeops-agent.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "pipeops-agent.secretName" -}}
{{- if .Values.existingSecret }}
{{- .Values.existingSecret }}
{{- else if .Values.token }}
{{- printf "%s-token" (include "pipeops-agent.fullname" .) }}
{{- else }}
{{- fail "set existingSecret (a Secret holding the PipeOps token) or token" }}
{{- end }}
{{- end }}

{{- define "pipeops-agent.secretKey" -}}
{{- if .Values.existingSecret }}{{ .Values.existingSecretKey }}{{ else }}token{{ end }}
{{- end }}

{{- define "pipeops-agent.stateConfigMap" -}}
{{- printf "%s-state" (include "pipeops-agent.fullname" .) }}
{{- end }}

{{/* The agent's config file: the user's values with the keys the chart owns laid over them. */}}
{{- define "pipeops-agent.config" -}}
{{- $owned := dict
  "pipeops" (dict "token_file" "/var/run/secrets/pipeops/token")
  "kubernetes" (dict "in_cluster" true "namespace" .Release.Namespace)
  "agent" (dict "state_store" "configmap" "state_configmap" (include "pipeops-agent.stateConfigMap" .)) -}}
{{- $imp := .Values.rbac.impersonation | default dict -}}
{{- if or $imp.users $imp.groups -}}
{{- $_ := set $owned "proxy" (dict "allow_impersonation" true "impersonate_users" ($imp.users | default list) "impersonate_groups" ($imp.groups | default list)) -}}
{{- end -}}
{{- $config := mergeOverwrite (deepCopy .Values.config) $owned -}}
{{- toYaml $config }}
{{- end }}

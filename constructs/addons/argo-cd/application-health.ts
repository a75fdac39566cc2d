/**
 * Health of an `argoproj.io/Application` as its parent sees it (argocd-cm
 * `resource.customizations.health.argoproj.io_Application`). Argo CD stopped assessing child
 * Applications in 1.8, so without a check a parent's next sync wave starts as soon as the previous
 * wave's Applications exist. The check documented upstream copies the child's health only; since
 * v3.4 a child whose resource failed to apply can read Healthy and let the next wave start (Run
 * Report RR09, whenitruns.substack.com, 2026-09). This one also requires the child to be Synced and
 * its last operation not Failed or in Error, no operation running (a chart's post-install Job is a
 * PostSync hook, outside the child's health, that runs after its resources are Healthy), and its
 * status compared with its current source (`status.sync.comparedTo.source` equal to `spec.source`:
 * right after the root changed a child, the child's status still describes the previous source), so
 * a wave starts only after the previous one applied everything, hooks included, and is healthy. A
 * failed operation counts only if it synced the current source. Sources are compared as Argo CD
 * writes them: a field set to its zero value (\`skipCrds: false\`) equals an absent one, since the
 * controller's copy in the status omits empty fields.
 */
export const APPLICATION_HEALTH_LUA = `hs = {}
hs.status = "Progressing"
hs.message = ""
local function empty(value)
  return value == nil or value == false or value == "" or value == 0 or (type(value) == "table" and next(value) == nil)
end
local function same(a, b)
  if empty(a) and empty(b) then
    return true
  end
  if type(a) ~= type(b) then
    return false
  end
  if type(a) ~= "table" then
    return a == b
  end
  for key, value in pairs(a) do
    if not same(value, b[key]) then
      return false
    end
  end
  for key, value in pairs(b) do
    if a[key] == nil and not empty(value) then
      return false
    end
  end
  return true
end
if obj.status == nil or obj.spec == nil then
  return hs
end
local source = obj.spec.source
local sync = obj.status.sync
local operation = obj.status.operationState
if operation ~= nil and (operation.phase == "Running" or operation.phase == "Terminating") then
  hs.message = operation.message or ""
  return hs
end
if operation ~= nil and (operation.phase == "Failed" or operation.phase == "Error") then
  local result = operation.syncResult
  if result == nil or result.source == nil or same(result.source, source) then
    hs.status = "Degraded"
    hs.message = operation.message or ""
    return hs
  end
end
if sync == nil or sync.comparedTo == nil or not same(sync.comparedTo.source, source) then
  hs.message = "waiting for the Application to compare its current source"
  return hs
end
local health = obj.status.health
if health ~= nil then
  hs.message = health.message or ""
  if health.status == "Degraded" then
    hs.status = "Degraded"
  elseif health.status == "Healthy" and sync.status == "Synced" then
    hs.status = "Healthy"
  end
end
return hs
`;

/** The argocd-cm key of {@link APPLICATION_HEALTH_LUA}. */
export const APPLICATION_HEALTH_KEY = "resource.customizations.health.argoproj.io_Application";
